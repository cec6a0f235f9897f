package nl.infill.system.security;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Prints the BCrypt hash of a password read from standard input, for
 * {@code infill.security.users[n].password-hash} (see docs/security.md for the command line).
 * Reading stdin keeps the password out of the shell history and the process list.
 */
public final class BcryptHash {

    private BcryptHash() {
    }

    public static void main(String[] args) throws IOException {
        String password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (password == null || password.isEmpty()) {
            System.err.println("usage: echo -n 'the password' | java ... BcryptHash  (reads one line)");
            System.exit(2);
        }
        System.out.println(new BCryptPasswordEncoder(12).encode(password));
    }
}
