<?xml version="1.0" encoding="UTF-8"?>
<!--
  eistandaard: relation rules (level 3) of GDS802 Retourbericht 2.0 (berichtcode 574). VECOZO's check
  of a return (gds802_574val v2, sept 2024) does not depend on the declaration's version, so 2.0
  runs the 1.0 rules unchanged: 9262, 9263 and the granted amounts 9459, 9460, 9507.
  Codes and texts: rbc/gds/2.0/rules.toml (generated from the 1.0 registry).
-->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../1.0/GDS802.xsl"/>
</xsl:stylesheet>
