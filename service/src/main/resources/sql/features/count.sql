-- The number of features a selection matches, counted up to a bound: the inner LIMIT stops the
-- scan after :countLimit matches, so the cost is bounded whatever the collection's size. The
-- {placeholders} are filled by FeatureStore as in items.sql; every value is a bound :parameter.
SELECT count(*) AS n
  FROM (SELECT 1
          FROM {from}
         WHERE {where}
         LIMIT :countLimit) matched
