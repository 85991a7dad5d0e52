<?xml version="1.0" encoding="UTF-8"?>
<!-- eistandaard: relation rules (verbandcontroles) of WMO315 3.2. Output: urn:eistandaard:findings:1.
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
    <xsl:call-template name="ei:product-rows">
      <xsl:with-param name="rows" select="$ei:aangevraagd"/>
      <xsl:with-param name="rules" select="('CD041', 'CD075', 'CD076', 'CD077', 'CD078', 'CD079', 'CD095', 'CS003', 'CS343')"/>
      <xsl:with-param name="begin" select="'ToewijzingIngangsdatum'"/>
      <xsl:with-param name="end" select="'ToewijzingEinddatum'"/>
    </xsl:call-template>
    <xsl:call-template name="ei:CD043"/>
    <xsl:call-template name="ei:CD066-CD068"/>
    <xsl:call-template name="ei:TR101-rows">
      <xsl:with-param name="rows" select="$ei:root/descendant::*:AangevraagdProduct"/>
      <xsl:with-param name="keys" select="('ReferentieAanbieder')"/>
    </xsl:call-template>
    <xsl:call-template name="ei:TR134-dates">
      <xsl:with-param name="dates" select="$ei:geboortedata"/>
    </xsl:call-template>
    <xsl:call-template name="ei:TR383"/>
    <xsl:call-template name="ei:overlap">
      <xsl:with-param name="rule" select="'TR386'"/>
      <xsl:with-param name="rows" select="$ei:aangevraagd"/>
      <xsl:with-param name="start" select="'ToewijzingIngangsdatum'"/>
      <xsl:with-param name="end" select="'ToewijzingEinddatum'"/>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
