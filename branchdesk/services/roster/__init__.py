"""党员花名册与党组织 (the roster and the organisation tree): what every other area may build on."""
