package io.cronbeat.cli;

import io.cronbeat.config.CronbeatConfig;
import io.cronbeat.http.ApiToken;
import io.cronbeat.store.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code scheduler token}: prints the bearer token the node's HTTP API takes, for a script's
 * curl. The token file is read only by its owner, the node's OS user, as the file's mode says.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
    description = {"Print the bearer token of the node's HTTP API.",
        "It is http.token, else the file DATA_DIR/http-token. For a script:",
        "  curl -H \"Authorization: Bearer $(bin/scheduler token)\" localhost:8099/api/jobs",
        "Only the owner of the token file (the node's user) may read it; a node makes it on its first start."})
class TokenCommand implements Callable<Integer> {

  private final CliContext context;

  @Mixin CommonOptions options;

  @Spec CommandSpec spec;

  TokenCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    CronbeatConfig config = options.config(context);
    if (!config.http().token().isEmpty()) {
      // The configuration this user just read holds it: printing it shows nothing new.
      spec.commandLine().getOut().println(config.http().token());
      return ExitCodes.OK;
    }
    spec.commandLine().getOut().println(readFile(config.dataDir().toAbsolutePath().normalize().resolve(ApiToken.FILE)));
    return ExitCodes.OK;
  }

  private static String readFile(Path file) {
    try {
      UserPrincipal owner = Files.getOwner(file);
      UserPrincipal me = file.getFileSystem().getUserPrincipalLookupService()
          .lookupPrincipalByName(System.getProperty("user.name"));
      if (!owner.equals(me)) {
        throw new StoreException(file + " belongs to " + owner.getName() + "; only its owner may read the token",
            "run this as " + owner.getName() + " (the node's user), e.g. sudo -u " + owner.getName() + " bin/scheduler token",
            null);
      }
      String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
      if (token.length() < CronbeatConfig.Http.TOKEN_MIN_LENGTH) {
        throw new StoreException(file + " is empty or too short to be a token",
            "delete it and restart the node to make a new one, or set http.token", null);
      }
      return token;
    } catch (NoSuchFileException e) {
      throw new StoreException("no token file at " + file + " — has a node with the HTTP endpoint started on this data dir?",
          "a node makes it on its first start (http.port not 0); point at the node's data-dir with --config FILE or"
              + " CRONBEAT_DATA", null);
    } catch (IOException e) {
      throw new StoreException("cannot read " + file + ": " + e.getMessage(), "run this as the node's user", null);
    }
  }
}
