"""Level-3 rules: the rule registry, the relation-rule runner and external rapport stylesheets."""
