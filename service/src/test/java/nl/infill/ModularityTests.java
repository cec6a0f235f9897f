package nl.infill;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** Keeps the feature packages honest: no cycles, no reaching into another feature's internals. */
class ModularityTests {

    @Test
    void featurePackagesOnlyUseEachOthersPublicApi() {
        ApplicationModules.of(InfillApplication.class).verify();
    }
}
