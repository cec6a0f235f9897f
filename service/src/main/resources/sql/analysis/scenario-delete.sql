DELETE FROM scenario WHERE slug = :slug AND NOT is_default
