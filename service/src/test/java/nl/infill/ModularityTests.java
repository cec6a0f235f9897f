package nl.infill;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.stream.XMLInputFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.validation.SchemaFactory;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

import nl.infill.system.ApiProblem;
import nl.infill.system.Owns;
import nl.infill.system.SafeXml;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;

/**
 * Keeps the modules honest: no cycles, no reaching into another module's internals (Spring
 * Modulith), no SQL that names another module's table (the modules' {@link Owns} declarations,
 * checked against what the migrations create), one way to parse XML, and HTTP statuses only in
 * the web layer.
 */
class ModularityTests {

    private static final ApplicationModules MODULES = ApplicationModules.of(InfillApplication.class);
    /** Tests run in the service module's folder. */
    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
    private static final Path SQL = Path.of("src/main/resources/sql");

    @Test
    void featurePackagesOnlyUseEachOthersPublicApi() {
        MODULES.verify();
    }

    @Test
    void everyTableViewAndFunctionTheMigrationsCreateHasExactlyOneOwningModule() {
        Set<String> created = TableOwnership.createdBy(MIGRATIONS);
        // the rule has something to check: layer, ingest and analysis tables, analysis's schema, publishing's functions
        assertThat(created).contains("parcel", "layer_table", "load_history", "layer_state", "scenario", "parcel_result_v",
                "analysis.*", "analysis.parcel_criteria", "publish.*", "infill_publish_result_view");
        assertThat(ownership().problemsWith(created)).isEmpty();
    }

    @Test
    void noModulesSqlNamesAnotherModulesTableUnlessPublishedAndNoneWritesOne() {
        TableOwnership ownership = ownership();
        List<String> violations = new ArrayList<>();
        List<String> publishedReads = new ArrayList<>();
        Set<String> folders = new TreeSet<>();
        TableOwnership.read(SQL).forEach((file, sql) -> {
            String module = SQL.relativize(file).getName(0).toString();
            String name = SQL.relativize(file).toString();
            folders.add(module);
            violations.addAll(ownership.violations(module, name, sql));
            publishedReads.addAll(ownership.publishedReads(module, name, sql));
        });
        // the scanner sees the references that are allowed, so the empty list below means something
        assertThat(publishedReads).contains("tiles/results.sql -> parcel_result_v", "tiles/parcels.sql -> parcel",
                "analysis/data-version.sql -> layer_state", "ingest/parcel-count.sql -> parcel",
                "analysis/criteria-compute.sql -> building");
        assertThat(folders).as("every sql/<folder> belongs to a module").isSubsetOf(modules().keySet());
        assertThat(folders).contains("analysis", "catalogue", "features", "ingest", "publishing", "tiles");
        assertThat(violations).isEmpty();
    }

    @Test
    void theRuleCatchesAReadOfAnUnpublishedTableAndAWriteToAPublishedOne() {
        TableOwnership ownership = ownership();
        assertThat(ownership.violations("features", "scenarios.sql", "SELECT slug, name FROM scenario ORDER BY slug"))
                .singleElement().asString().contains("reads analysis's 'scenario'");
        assertThat(ownership.violations("tiles", "x.sql", """
                WITH s AS (SELECT id FROM public.scenario)
                SELECT count(*) FROM parcel_result_v t JOIN load_history h ON h.id = t.run_id, s""")).hasSize(2);
        assertThat(ownership.violations("analysis", "bump.sql", "UPDATE layer_state SET version = version + 1"))
                .singleElement().asString().contains("writes ingest's 'layer_state'");
        // a lock in ACCESS SHARE mode reads every table of its list; any stronger mode writes them
        assertThat(ownership.violations("features", "share.sql", "LOCK TABLE parcel, scenario IN ACCESS SHARE MODE"))
                .singleElement().asString().contains("reads analysis's 'scenario'");
        assertThat(ownership.violations("analysis", "lock.sql", "LOCK TABLE parcel, layer_state IN EXCLUSIVE MODE"))
                .hasSize(2).allSatisfy(v -> assertThat(v).contains(" writes "));
        assertThat(ownership.violations("features", "calls.sql", "SELECT analysis.decay(d, 400, 1200) FROM parcel"))
                .singleElement().asString().contains("'analysis.decay'");
        // names in comments, strings and placeholders are no references
        assertThat(ownership.violations("features", "prose.sql", """
                -- reads scenario? no: FROM scenario is prose here
                SELECT 'FROM scenario' AS s FROM {from} WHERE {where}""")).isEmpty();
    }

    /**
     * XML from outside (GeoServer answers, GML, SLD) is parsed with SafeXml's hardened parsers
     * only: no other class makes a parser whose defaults resolve external entities (XXE).
     */
    @Test
    void onlySafeXmlMakesXmlParsers() {
        JavaClasses service = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("nl.infill");
        noClasses().that().doNotHaveFullyQualifiedName(SafeXml.class.getName())
                .should().dependOnClassesThat().belongToAnyOf(DocumentBuilderFactory.class, SAXParserFactory.class,
                        XMLInputFactory.class, TransformerFactory.class, SchemaFactory.class)
                .because("XML from outside (GeoServer answers, GML, SLD) is parsed by SafeXml's parsers, which "
                        + "refuse DOCTYPEs and external entities (XXE); the factories' defaults do not")
                .check(service);
    }

    /**
     * Domain code says what was wrong in domain words ({@code DomainException}'s subtypes) and
     * never picks an HTTP status: only the web layer (controllers and their advice) and
     * {@code system}, whose {@code ProblemResponses} maps each meaning to problem+json, may.
     */
    @Test
    void onlyControllersAndSystemNameHttpStatusesOrApiProblem() {
        JavaClasses service = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("nl.infill");
        HTTP_ERRORS_STAY_IN_THE_WEB_LAYER.check(service);
    }

    @Test
    void theHttpStatusRuleCatchesADomainClassThatPicksAStatus() {
        JavaClasses violator = new ClassFileImporter().importClasses(DomainClassPickingAStatus.class);
        assertThatThrownBy(() -> HTTP_ERRORS_STAY_IN_THE_WEB_LAYER.check(violator))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(DomainClassPickingAStatus.class.getSimpleName());
    }

    private static final ArchRule HTTP_ERRORS_STAY_IN_THE_WEB_LAYER = noClasses()
            .that(isOutsideTheWebLayer())
            .should().dependOnClassesThat().belongToAnyOf(ApiProblem.class, HttpStatus.class,
                    ResponseStatusException.class, ProblemDetail.class)
            .because("domain code throws a DomainException subtype per meaning; ProblemResponses in system is "
                    + "the one place that maps it to a status and problem+json");

    /** Not in system, and neither a controller or controller advice nor a class nested in one. */
    private static DescribedPredicate<JavaClass> isOutsideTheWebLayer() {
        return DescribedPredicate.describe("are outside controllers and system", c -> {
            if (c.getPackageName().equals("nl.infill.system") || c.getPackageName().startsWith("nl.infill.system.")) {
                return false;
            }
            for (JavaClass k = c; k != null; k = k.getEnclosingClass().orElse(null)) {
                if (k.isAnnotatedWith(RestController.class) || k.isAnnotatedWith(Controller.class)
                        || k.isAnnotatedWith(RestControllerAdvice.class) || k.isAnnotatedWith(ControllerAdvice.class)) {
                    return false;
                }
            }
            return true;
        });
    }

    /** The rule's negative case: a plain class outside controllers and system choosing a status. */
    static final class DomainClassPickingAStatus {
        HttpStatus refuse() {
            return HttpStatus.BAD_REQUEST;
        }
    }

    private static TableOwnership ownership() {
        Map<String, Optional<Owns>> declared = new LinkedHashMap<>();
        modules().forEach((name, pkg) -> declared.put(name, ownsOf(pkg)));
        return new TableOwnership(declared);
    }

    /** Module name (the package under nl.infill) -> its base package. */
    private static Map<String, String> modules() {
        Map<String, String> out = new LinkedHashMap<>();
        for (ApplicationModule m : MODULES) {
            String pkg = m.getBasePackage().getName();
            out.put(pkg.substring(pkg.lastIndexOf('.') + 1), pkg);
        }
        return out;
    }

    private static Optional<Owns> ownsOf(String pkg) {
        try {
            return Optional.ofNullable(Class.forName(pkg + ".package-info").getAnnotation(Owns.class));
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
    }
}
