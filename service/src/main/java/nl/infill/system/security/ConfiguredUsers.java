package nl.infill.system.security;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;

/** Turns {@code infill.security.users} into Spring users, refusing anything but BCrypt hashes. */
final class ConfiguredUsers {

    private static final Pattern BCRYPT = Pattern.compile("^\\$2[aby]\\$\\d{2}\\$[./A-Za-z0-9]{53}$");
    private static final Set<String> ROLES = Set.of(SecurityConfig.EDITOR, SecurityConfig.ADMIN, SecurityConfig.METRICS);

    private ConfiguredUsers() {
    }

    static List<UserDetails> from(List<SecurityProperties.User> users) {
        List<UserDetails> out = new ArrayList<>();
        for (var u : users) {
            String hash = u.passwordHash().startsWith("{bcrypt}") ? u.passwordHash().substring(8) : u.passwordHash();
            if (!BCRYPT.matcher(hash).matches()) {
                throw new IllegalStateException("infill.security.users: the password-hash of user '" + u.name()
                        + "' is not a BCrypt hash; plain-text passwords are refused (see docs/security.md)");
            }
            Set<String> roles = new LinkedHashSet<>();
            for (String r : u.roles()) {
                if (!ROLES.contains(r)) {
                    throw new IllegalStateException("infill.security.users: user '" + u.name() + "' has unknown role '"
                            + r + "' (known: editor, admin, metrics)");
                }
                roles.add(r);
                if (SecurityConfig.ADMIN.equals(r)) {
                    roles.add(SecurityConfig.EDITOR);
                }
            }
            out.add(User.withUsername(u.name()).password(hash).roles(roles.toArray(String[]::new)).build());
        }
        return out;
    }

    static boolean signedIn(Authentication auth) {
        return auth != null && auth.isAuthenticated() && !(auth instanceof AnonymousAuthenticationToken);
    }
}
