package io.cronbeat.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest. */
public class VersionProvider implements IVersionProvider {

  @Override
  public String[] getVersion() {
    String version = VersionProvider.class.getPackage().getImplementationVersion();
    return new String[] {"cronbeat " + (version == null ? "(development build)" : version)};
  }
}
