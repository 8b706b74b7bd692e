"""The public entry: company profile and needs in, eligible offers out, ranked and explained."""
