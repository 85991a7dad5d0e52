<?xml version="1.0" encoding="UTF-8"?>
<!-- eistandaard: relation rules (verbandcontroles) of WMO301 3.2. Output: urn:eistandaard:findings:1.
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
    <xsl:call-template name="ei:CS050"/>
    <xsl:call-template name="ei:CD005"/>
    <xsl:call-template name="ei:CD007"/>
    <xsl:call-template name="ei:CD025"/>
    <xsl:call-template name="ei:CS089"/>
    <xsl:call-template name="ei:CD009"/>
    <xsl:call-template name="ei:CD034"/>
    <xsl:call-template name="ei:product-rows">
      <xsl:with-param name="rows" select="$ei:toegewezen"/>
      <xsl:with-param name="rules" select="('CD041', 'CD075', 'CD076', 'CD077', 'CD078', 'CD079', 'CD080', 'CS003', 'CS335', 'CS336', 'CS338')"/>
      <xsl:with-param name="begin" select="'Ingangsdatum'"/>
      <xsl:with-param name="end" select="'Einddatum'"/>
    </xsl:call-template>
    <xsl:call-template name="ei:CS003-301"/>
    <xsl:call-template name="ei:TR006"/>
    <xsl:call-template name="ei:TR061"/>
    <xsl:call-template name="ei:TR101-rows">
      <xsl:with-param name="rows" select="$ei:root/descendant::*:Contact"/>
      <xsl:with-param name="keys" select="('Soort')"/>
    </xsl:call-template>
    <xsl:call-template name="ei:TR101-rows">
      <xsl:with-param name="rows" select="$ei:root/descendant::*:Relatie"/>
      <xsl:with-param name="keys" select="('Nummer')"/>
    </xsl:call-template>
    <xsl:call-template name="ei:TR101-rows">
      <xsl:with-param name="rows" select="$ei:root/descendant::*:ToegewezenProduct"/>
      <xsl:with-param name="keys" select="('ToewijzingNummer')"/>
    </xsl:call-template>
    <xsl:call-template name="ei:TR134-dates">
      <xsl:with-param name="dates" select="$ei:geboortedata | $ei:root/descendant::*:Beschikking/*:Afgiftedatum | $ei:toegewezen/*:Toewijzingsdatum"/>
    </xsl:call-template>
    <xsl:call-template name="ei:overlap">
      <xsl:with-param name="rule" select="'TR302'"/>
      <xsl:with-param name="rows" select="$ei:toegewezen"/>
      <xsl:with-param name="start" select="'Ingangsdatum'"/>
      <xsl:with-param name="end" select="'Einddatum'"/>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
