package io.cronbeat.job;

/** What an attempt of a job does: run a command, or make an HTTP request. */
public sealed interface Work permits Command, HttpCall {

  /** One line for people, with nothing secret in it. */
  String display();
}
