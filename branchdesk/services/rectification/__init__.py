"""整改台账: ledgers, problems, measures, 销号 and the monthly review."""
