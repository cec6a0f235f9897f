SELECT streets_version, vertices, edges, main_vertices, built_at FROM analysis.network_state
