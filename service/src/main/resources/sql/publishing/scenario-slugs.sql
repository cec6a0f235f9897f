-- Scenarios whose results are published, in a stable order.
SELECT slug FROM scenario ORDER BY slug
