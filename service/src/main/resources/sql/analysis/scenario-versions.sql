-- Every scenario as other modules see it (Scenarios): identity and results version, without the
-- weights and parameters; read on every catalogue version check.
SELECT id, slug, name, is_default, results_version
  FROM scenario
 ORDER BY slug
