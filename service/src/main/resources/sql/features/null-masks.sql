-- The features of a FlatGeobuf export that have NULL properties, with a bit mask of which
-- (bit i = property i, 0 = feature_id): see FlatGeobufNulls for why the export needs them.
-- Same selection, order and limit as features/flatgeobuf.sql. {placeholders} come from
-- whitelists only; values are bound.
SELECT m.feature_id, m.nulls
  FROM (SELECT t.{id} AS feature_id,
               {masks} AS nulls
          FROM {from}
         WHERE {where}
         ORDER BY {order}
         {limit}) m
 WHERE m.nulls <> 0
 ORDER BY m.feature_id
