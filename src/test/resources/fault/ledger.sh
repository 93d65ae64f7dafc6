#!/bin/sh
# A job for the fault tests: proves when each attempt of a run was alive.
# usage: sh ledger.sh LEDGER SECONDS
# Appends "start RUN ATTEMPT EPOCH_MS PID", then "tick RUN ATTEMPT EPOCH_MS" about every 200 ms,
# then "end RUN ATTEMPT EPOCH_MS". Each line is one short append (O_APPEND), so lines written by
# many attempts at once never interleave.
ledger=$1
seconds=$2
run=${CRONBEAT_RUN_ID:-?}
attempt=${CRONBEAT_ATTEMPT:-?}
now() { date +%s%3N; }
started=$(now)
echo "start $run $attempt $started $$" >> "$ledger"
until=$((started + seconds * 1000))
t=$started
while [ "$t" -lt "$until" ]; do
  sleep 0.2
  t=$(now)
  echo "tick $run $attempt $t" >> "$ledger"
done
echo "end $run $attempt $(now)" >> "$ledger"
