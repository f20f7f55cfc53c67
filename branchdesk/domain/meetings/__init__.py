"""三会一课: kinds, attendance, periods, the regulation calendar rules, 谈心谈话."""
