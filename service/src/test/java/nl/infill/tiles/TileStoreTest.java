package nl.infill.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import nl.infill.system.Sql;

import org.junit.jupiter.api.Test;

/** The statement rewrite behind a tile's {@code ?properties=}, on every tile SQL file as it is. */
class TileStoreTest {

    @Test
    void everyTileStatementCanBeNarrowedToChosenAttributes() {
        for (TileFamily family : TileFamily.values()) {
            String sql = Sql.load(family.sqlFile());
            String first = family.fields().keySet().iterator().next();
            assertThat(TileStore.onlyProperties(sql, List.of())).as(family.key())
                    .contains("'fid') FROM (SELECT fid, geom FROM features) features");
            assertThat(TileStore.onlyProperties(sql, List.of(first))).as(family.key())
                    .contains("'fid') FROM (SELECT fid, geom, \"" + first + "\" FROM features) features");
        }
    }

    @Test
    void aStatementOfAnotherShapeIsRefusedRatherThanServedWithEveryAttribute() {
        assertThatThrownBy(() -> TileStore.onlyProperties("SELECT ST_AsMVT(f, 'x') FROM f", List.of("id")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("onlyProperties");
    }
}
