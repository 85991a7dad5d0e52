<?xml version="1.0" encoding="UTF-8"?>
<!-- eistandaard: relation rules (verbandcontroles) of WMO305 3.2. Output: urn:eistandaard:findings:1.
     The rules listed in ei:rules are those of the official set that can fire on this message
     (docs/rules.md, "Which rules, per message"). -->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:ei="urn:eistandaard:xslt" exclude-result-prefixes="#all">
  <xsl:include href="../../common/istandaarden-3.2-core.xsl"/>
  <xsl:include href="../../common/istandaarden-3.2-berichten.xsl"/>
  <xsl:template name="ei:rules">
    <xsl:call-template name="ei:any-CS002"/>
    <xsl:call-template name="ei:CS139"/>
    <xsl:call-template name="ei:TR002"/>
    <xsl:call-template name="ei:CS058">
      <xsl:with-param name="rows" select="$ei:root/descendant::*:StartProduct"/>
    </xsl:call-template>
    <xsl:call-template name="ei:TR101-rows">
      <xsl:with-param name="rows" select="$ei:root/descendant::*:StartProduct"/>
      <xsl:with-param name="keys" select="('Begindatum', 'Product/Categorie', 'Product/Code', 'ToewijzingNummer')"/>
    </xsl:call-template>
    <xsl:call-template name="ei:TR134-dates">
      <xsl:with-param name="dates" select="$ei:geboortedata | $ei:root/descendant::*:StartProduct/*:Begindatum"/>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
