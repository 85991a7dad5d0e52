"""Control level 3 (relations): the Saxon runner and the external rapport stylesheets."""
