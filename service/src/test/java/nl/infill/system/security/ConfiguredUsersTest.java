package nl.infill.system.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;

class ConfiguredUsersTest {

    private static final String HASH = "$2a$04$DW44l8qMIdsfpvsMZXRzuOLnEc9r7Qy15fkxjVrR9j4K5LsJjmHB.";

    @Test
    void plainTextPasswordInConfigurationStopsTheServiceFromStarting() {
        assertThatThrownBy(() -> ConfiguredUsers.from(List.of(new SecurityProperties.User("bob", "secret", List.of("editor")))))
                .hasMessageContaining("'bob'").hasMessageContaining("not a BCrypt hash");
    }

    @Test
    void unknownRoleIsRefusedRatherThanIgnored() {
        assertThatThrownBy(() -> ConfiguredUsers.from(List.of(new SecurityProperties.User("bob", HASH, List.of("root")))))
                .hasMessageContaining("unknown role 'root'");
    }

    @Test
    void adminIsAlsoAnEditorAndTheSpringPrefixedHashIsAccepted() {
        var users = ConfiguredUsers.from(List.of(new SecurityProperties.User("ann", "{bcrypt}" + HASH, List.of("admin"))));
        assertThat(users.get(0).getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactlyInAnyOrder("ROLE_admin", "ROLE_editor");
        assertThat(users.get(0).getPassword()).isEqualTo(HASH);
    }
}
