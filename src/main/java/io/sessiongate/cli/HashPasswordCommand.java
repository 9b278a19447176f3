package io.sessiongate.cli;

import io.sessiongate.core.auth.PasswordHasher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

@Command(name = "hash-password", mixinStandardHelpOptions = true,
  description = "Print the Argon2id hash of a password (read from the terminal or standard input).")
public final class HashPasswordCommand implements Callable<Integer> {
  @Option(names = "--password", description = "The password (prefer standard input: options end up in shell history).")
  String password;

  @Override
  public Integer call() throws Exception {
    String secret = password;
    if (secret == null) {
      Console console = System.console();
      if (console != null) {
        char[] typed = console.readPassword("Password: ");
        secret = typed == null ? null : new String(typed);
      } else {
        secret = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      }
    }
    if (secret == null || secret.isEmpty()) {
      System.err.println("sessiongate hash-password: no password given");
      return 2;
    }
    System.out.println(new PasswordHasher().hash(secret));
    return 0;
  }
}
