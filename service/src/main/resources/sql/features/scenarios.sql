-- Scenarios whose results are served as collections results-{slug}, neighbourhood-results-{slug}.
SELECT slug, name FROM scenario ORDER BY slug
