SELECT set_config('statement_timeout', ?, true)
