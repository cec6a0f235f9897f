package nl.infill.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import nl.infill.presentation.Presentation;
import nl.infill.presentation.Presentation.Lang;
import nl.infill.system.DomainException;

import tools.jackson.databind.json.JsonMapper;

/**
 * The analysis and the presentation source agree: every criterion, every sentence case the
 * explanation SQL can give and every exclusion code the scoring SQL writes has its words, and
 * scenario validation takes the slider ranges.
 */
class ExplanationWordsTest {

    private static final Path SQL = Path.of("src/main/resources/sql/analysis");
    private final Presentation p = Presentation.get();

    @Test
    void everyCriterionOfTheAnalysisHasWordsInThePresentationSource() {
        assertThat(p.criteria()).extracting(Presentation.CriterionText::code).containsExactlyElementsOf(Criterion.keys());
    }

    @Test
    void everySentenceCaseTheExplanationSqlGivesHasATemplate() throws Exception {
        String sql = Files.readString(SQL.resolve("parcel-result.sql"));
        // each criterion object, then the quoted case names after its 'case' key
        var objects = Pattern.compile("'criterion', '(\\w+)'(.*?)'values'", Pattern.DOTALL).matcher(sql);
        List<String> missing = new ArrayList<>();
        int n = 0;
        while (objects.find()) {
            n++;
            var criterion = p.criterion(objects.group(1));
            String caseExpr = objects.group(2).substring(objects.group(2).indexOf("'case'") + 6);
            // the appended notes are checked by their own test
            caseExpr = caseExpr.contains("'notes'") ? caseExpr.substring(0, caseExpr.indexOf("'notes'")) : caseExpr;
            var names = Pattern.compile("(?:THEN|ELSE|,)\\s*'(\\w+)'").matcher(caseExpr);
            while (names.find()) {
                if (!criterion.sentences().containsKey(names.group(1))) {
                    missing.add(criterion.code() + "." + names.group(1));
                }
            }
        }
        assertThat(n).isEqualTo(Criterion.values().length);
        assertThat(missing).isEmpty();
    }

    @Test
    void everyNoteTheExplanationSqlAppendsHasATemplate() throws Exception {
        String sql = Files.readString(SQL.resolve("parcel-result.sql"));
        String notes = sql.substring(sql.indexOf("'notes'"), sql.indexOf("'values'", sql.indexOf("'notes'")));
        var names = Pattern.compile("THEN '(\\w+)'|ELSE '(\\w+)'").matcher(notes);
        List<String> found = new ArrayList<>();
        while (names.find()) {
            found.add(names.group(1) != null ? names.group(1) : names.group(2));
        }
        assertThat(found).containsExactlyInAnyOrder("assumedHeight", "unitsAll", "unitsSome");
        assertThat(found).allSatisfy(n -> assertThat(p.criterion("capacity").notes()).containsKey(n));
    }

    @Test
    void everyRuleTheImroLoadWritesHasATemplate() throws Exception {
        var rules = Pattern.compile("'rule', '(\\w+)'").matcher(
                Files.readString(Path.of("src/main/resources/sql/ingest/imro-zoning-insert.sql")));
        List<String> found = new ArrayList<>();
        while (rules.find()) {
            found.add(rules.group(1));
        }
        assertThat(found).hasSize(8);
        assertThat(p.zoning().rules()).containsKeys(found.toArray(String[]::new));
    }

    @Test
    void capacityWithAnUnknownHeightSaysSoAndAppendsTheAssumedHeightAndTheBagUnits() throws Exception {
        var json = JsonMapper.builder().build();
        var c = Explanations.criterion(json.readTree("""
                {"criterion":"capacity","raw":0,"scaled":0,"weight":1,"contribution":0,"case":"heightUnknown",
                 "notes":["assumedHeight","unitsSome"],
                 "values":{"capacityM2":0,"dwellings":0,"dwellingSizeM2":90,"assumedHeightM":9.5,
                           "existingFloorAreaM2":1300.2,"unitFloorAreaM2":240,"unitCount":3,"unitGrossFactor":1.2}}"""));
        assertThat(c.sentenceEn()).isEqualTo("Height unknown: a building plane (bouwvlak) on the parcel has no maximum "
                + "height on the map (it is in the plan's text), so capacity is unknown. The scenario assumes a height of "
                + "9.5 m for building planes without a height on the map. Existing floor area 1,300 m², of which 240 m² "
                + "from 3 BAG units (usable area x 1.2).");
        assertThat(c.sentence()).startsWith("Hoogte onbekend:").contains("Aanname van het scenario: 9,5 m hoogte")
                .endsWith("Bestaand vloeroppervlak 1.300 m², waarvan 240 m² uit 3 BAG-verblijfsobjecten (gebruiksoppervlakte x 1,2).");
        var all = Explanations.criterion(json.readTree("""
                {"criterion":"capacity","raw":10,"scaled":0.1,"weight":1,"contribution":10,"case":"room","notes":["unitsAll"],
                 "values":{"capacityM2":180,"dwellings":2,"dwellingSizeM2":90,"assumedHeightM":null,
                           "existingFloorAreaM2":300,"unitFloorAreaM2":300,"unitCount":3,"unitGrossFactor":1.2}}"""));
        assertThat(all.sentenceEn()).isEqualTo("Room for 180 m² more floor area (about 2.0 homes of 90 m²). "
                + "Existing floor area 300 m², from 3 BAG units (usable area x 1.2).");
    }

    @Test
    void aZoningPartListsItsPlanRulesWithTheObjectsTheyCameFromInBothLanguages() throws Exception {
        var json = JsonMapper.builder().build();
        var part = Explanations.zoningPart(json.readTree("""
                {"function":"wonen","use":"Wonen","areaM2":412.4,"buildingAllowed":true,"heightUnknown":true,
                 "maxHeightM":null,"maxCoverage":0.6,"maxFsi":null,"maxStoreys":3,"maxDwellings":null,"planRules":true,
                 "assumedHeightM":9,
                 "rules":[{"rule":"land_use","value":"Wonen","type":"Enkelbestemming","id":"NL.IMRO.e1"},
                          {"rule":"bouwvlak","value":1,"type":"Bouwvlak","id":"NL.IMRO.b1"},
                          {"rule":"height_unknown","value":null,"type":"Bouwvlak","id":"NL.IMRO.b1"},
                          {"rule":"max_coverage","value":0.6,"type":"Maatvoering","id":"NL.IMRO.m1"},
                          {"rule":"max_storeys","value":3,"type":"Maatvoering","id":"NL.IMRO.m2"}]}"""));
        assertThat(part.sentence()).isEqualTo("412 m² Wonen: bestemming Wonen (Enkelbestemming NL.IMRO.e1); "
                + "binnen Bouwvlak NL.IMRO.b1; hoogte onbekend: niet op de kaart (Bouwvlak NL.IMRO.b1; zie de regels), "
                + "aangenomen 9 m (aanname van het scenario); max 60% bebouwd uit Maatvoering NL.IMRO.m1; "
                + "max 3 bouwlagen uit Maatvoering NL.IMRO.m2");
        assertThat(part.sentenceEn()).isEqualTo("412 m² Wonen: land use Wonen (Enkelbestemming NL.IMRO.e1); "
                + "inside Bouwvlak NL.IMRO.b1; height unknown: not on the map (Bouwvlak NL.IMRO.b1; see the plan's text), "
                + "assumed 9 m (an assumption of the scenario); max 60% built from Maatvoering NL.IMRO.m1; "
                + "max 3 storeys from Maatvoering NL.IMRO.m2");
        assertThat(part.rules()).extracting(ResultController.ZoningRule::id).contains("NL.IMRO.m2");
        var plain = Explanations.zoningPart(json.readTree("""
                {"function":"gemengd","use":null,"areaM2":80,"maxHeightM":15.5,"maxCoverage":0.8,"maxFsi":2.4,
                 "heightUnknown":false,"planRules":false,"rules":[],"assumedHeightM":null}"""));
        assertThat(plain.sentence()).isEqualTo("80 m² gemengd: max 15,5 m, max 80% bebouwd, FSI 2,4");
        assertThat(plain.sentenceEn()).isEqualTo("80 m² gemengd: max 15.5 m, max 80% built, FSI 2.4");
    }

    @Test
    void everyExclusionCodeTheScoringWritesHasItsReasonInBothLanguages() throws Exception {
        var codes = Pattern.compile("THEN '(\\w+)'").matcher(Files.readString(SQL.resolve("score.sql")));
        List<String> found = new ArrayList<>();
        while (codes.find()) {
            found.add(codes.group(1));
        }
        assertThat(found).contains("zoning_water_green", "recently_built");
        assertThat(found).allSatisfy(code -> assertThat(p.exclusion(code)).as(code).isPresent());
    }

    @Test
    void anExcludedParcelIsExplainedWithTheReasonsWordsNotItsCode() {
        assertThat(Explanations.summary(Lang.NL, "zoning_water_green", null, List.of()))
                .isEqualTo("Uitgesloten: het bestemmingsplan wijst het perceel grotendeels aan als water of groen.");
        assertThat(Explanations.summary(Lang.EN, "monument", null, List.of()))
                .isEqualTo("Excluded: the parcel holds a listed monument.");
    }

    @Test
    void theSummaryNamesTheTwoCriteriaThatAddMostWithTheirLabelWords() throws Exception {
        var json = JsonMapper.builder().build();
        var capacity = Explanations.criterion(json.readTree("""
                {"criterion":"capacity","raw":1234.5,"scaled":0.8,"weight":0.5,"contribution":40.04,"case":"room",
                 "values":{"capacityM2":1234.5,"dwellings":13.72,"dwellingSizeM2":90}}"""));
        var amenities = Explanations.criterion(json.readTree("""
                {"criterion":"amenities","raw":50,"scaled":0.5,"weight":0.4,"contribution":20,"case":"walks",
                 "values":{"distanceMethod":"network","supermarket":399.6,"gp":null,"pharmacy":1000,
                           "primarySchool":12,"ptStop":250}}"""));
        var soft = Explanations.criterion(json.readTree("""
                {"criterion":"soft_constraints","raw":0,"scaled":1,"weight":0.1,"contribution":10,"case":"none","values":{"sharePct":0}}"""));
        assertThat(capacity.label()).isEqualTo(p.criterion("capacity").label().nl());
        assertThat(capacity.sentence()).isEqualTo("Er past nog 1.235 m² vloeroppervlak bij (ongeveer 13,7 woningen van 90 m²).");
        assertThat(capacity.sentenceEn()).isEqualTo("Room for 1,235 m² more floor area (about 13.7 homes of 90 m²).");
        assertThat(amenities.sentence()).isEqualTo("Lopen (over straat) naar supermarkt 400 m, huisarts onbekend, "
                + "apotheek 1.000 m, basisschool 12 m, ov-halte 250 m.");
        // 40.04 + 20 + 10 = 70.04: "hoog" from 60; the top two by contribution, highest first
        assertThat(Explanations.summary(Lang.NL, null, 70.04, List.of(soft, amenities, capacity)))
                .isEqualTo("Scoort hoog (70/100) vooral door extra vloeroppervlak (+40,0) en voorzieningen op loopafstand (+20,0).");
        assertThat(Explanations.summary(Lang.EN, null, 39.9, List.of(soft, amenities, capacity)))
                .isEqualTo("Scores low (40/100) mainly because of additional floor area (+40.0) and amenities within walking distance (+20.0).");
    }

    @Test
    void scenarioValidationRejectsValuesJustOutsideTheSharedRangesAndTakesTheirEnds() {
        for (var range : p.params()) {
            if (range.key().equals("assumedHeightM")) {
                continue; // no default: checked below
            }
            for (double outside : new double[] {range.min() - range.step(), range.max() + range.step()}) {
                assertThatThrownBy(() -> ScenarioParams.from(Map.of(range.key(), outside)))
                        .as(range.key() + " = " + outside)
                        .isInstanceOf(DomainException.class)
                        .satisfies(e -> assertThat(((DomainException) e).where()).isEqualTo("params." + range.key()))
                        .hasMessageContaining("between");
            }
            // decayZeroM must stay above decayFullM's default (400): its lower end is checked with a lower decayFullM
            Map<String, Object> atMin = range.key().equals("decayZeroM")
                    ? Map.of("decayZeroM", range.min(), "decayFullM", 0) : Map.of(range.key(), range.min());
            Map<String, Object> atMax = range.key().equals("decayFullM")
                    ? Map.of("decayFullM", range.max(), "decayZeroM", 5000) : Map.of(range.key(), range.max());
            assertThat(ScenarioParams.from(atMin).toMap().get(range.key())).as(range.key() + " min")
                    .isEqualTo(range.key().equals("recentlyBuiltYear") ? (Object) (int) range.min() : range.min());
            assertThat(ScenarioParams.from(atMax).toMap().get(range.key())).as(range.key() + " max")
                    .isEqualTo(range.key().equals("recentlyBuiltYear") ? (Object) (int) range.max() : range.max());
        }
        assertThat(p.params()).extracting(Presentation.ParamRange::key)
                .containsExactlyInAnyOrderElementsOf(ScenarioParams.DEFAULTS.toMap().keySet().stream()
                        .filter(k -> !k.equals("exclusions")).toList());
        assertThat(ScenarioParams.DEFAULTS.dwellingSizeM2()).isEqualTo(p.param("dwellingSizeM2").defaultValue());
        // assumedHeightM has no default: unset unless a scenario sets it, then within the shared range
        var assumed = p.param("assumedHeightM");
        assertThat(assumed.defaultValue()).isNull();
        assertThat(ScenarioParams.DEFAULTS.assumedHeightM()).isNull();
        assertThat(ScenarioParams.from(Map.of()).assumedHeightM()).isNull();
        assertThat(ScenarioParams.from(Map.of("assumedHeightM", assumed.min())).assumedHeightM()).isEqualTo(assumed.min());
        assertThat(ScenarioParams.from(Map.of("assumedHeightM", assumed.max())).assumedHeightM()).isEqualTo(assumed.max());
        assertThatThrownBy(() -> ScenarioParams.from(Map.of("assumedHeightM", assumed.max() + assumed.step())))
                .isInstanceOf(DomainException.class).hasMessageContaining("between")
                .satisfies(e -> assertThat(((DomainException) e).where()).isEqualTo("params.assumedHeightM"));
    }
}
