# cronbeat in a container, from the release archive (README "Docker"). Build the archive first:
#   mvn -B -DskipTests package
#   docker build -t cronbeat .
#   docker run -d --name cronbeat -v cronbeat-data:/data -v "$PWD/schedules:/schedules:ro" cronbeat
# The HTTP endpoint listens on the container's loopback (the health check's); to publish it, add
#   -e CRONBEAT_HTTP_BIND=0.0.0.0 -e CRONBEAT_HTTP_TOKEN=<16+ random characters> -p 8099:8099
# Not built in CI (no Docker engine there).
FROM eclipse-temurin:17-jre

ARG VERSION=0.1.0-SNAPSHOT
# A dedicated user owns the data; the installation stays root's and read-only for it.
RUN groupadd --system cronbeat && useradd --system --gid cronbeat --home-dir /data --no-create-home cronbeat \
    && mkdir -p /data /schedules && chown cronbeat:cronbeat /data && chmod 0700 /data
# ADD unpacks a local tar.gz.
ADD target/cronbeat-${VERSION}.tar.gz /opt/
# The short commands' class archive (bin/scheduler), written once here for this image's JRE.
RUN ln -s /opt/cronbeat-${VERSION} /opt/cronbeat \
    && mkdir -p /opt/cronbeat/lib/cds \
    && CRONBEAT_SCHEDULES=/opt/cronbeat/schedules /opt/cronbeat/bin/scheduler validate >/dev/null \
    && chmod -R a+rX /opt/cronbeat/lib/cds

# The embedded store, its secret and the HTTP token; job files are mounted at /schedules.
VOLUME /data
ENV CRONBEAT_DATA=/data \
    CRONBEAT_SCHEDULES=/schedules \
    CRONBEAT_CONFIG=/opt/cronbeat/config/scheduler.yaml \
    CRONBEAT_LOG_FORMAT=json
EXPOSE 8099
USER cronbeat
WORKDIR /opt/cronbeat
# bin/scheduler exec's java: the JVM is PID 1's only child and gets docker stop's SIGTERM, drains and exits 0.
ENTRYPOINT ["/opt/cronbeat/bin/scheduler"]
CMD ["run"]
# /health/live through bash's /dev/tcp: the image needs no curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s CMD ["bash", "-c", \
    "exec 3<>/dev/tcp/127.0.0.1/8099 && printf 'GET /health/live HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
