<?xml version="1.0" encoding="UTF-8"?>
<!-- eistandaard: relation rules (verbandcontroles) of WMO317 3.2. Output: urn:eistandaard:findings:1.
     The rules listed in ei:rules are those of the official set that can fire on this message
     (docs/rules.md, "Which rules, per message"). -->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:ei="urn:eistandaard:xslt" exclude-result-prefixes="#all">
  <xsl:include href="../../common/istandaarden-3.2-core.xsl"/>
  <xsl:include href="../../common/istandaarden-3.2-berichten.xsl"/>
  <xsl:template name="ei:rules">
    <xsl:call-template name="ei:any-CS002"/>
    <xsl:call-template name="ei:product-rows">
      <xsl:with-param name="rows" select="$ei:te-wijzigen"/>
      <xsl:with-param name="rules" select="('CD075', 'CD076', 'CD077', 'CD078', 'CS003', 'CS338')"/>
      <xsl:with-param name="begin" select="'GewensteIngangsdatum'"/>
      <xsl:with-param name="end" select="'Einddatum'"/>
    </xsl:call-template>
    <xsl:call-template name="ei:product-rows">
      <xsl:with-param name="rows" select="$ei:nieuw"/>
      <xsl:with-param name="rules" select="('CD041', 'CD075', 'CD076', 'CD077', 'CD078', 'CD079', 'CD096', 'CS003', 'CS338')"/>
      <xsl:with-param name="begin" select="'GewensteIngangsdatum'"/>
      <xsl:with-param name="end" select="'Einddatum'"/>
    </xsl:call-template>
    <xsl:call-template name="ei:TR101-rows">
      <xsl:with-param name="rows" select="$ei:root/descendant::*:NieuwProduct"/>
      <xsl:with-param name="keys" select="('GewensteIngangsdatum', 'Product/Categorie', 'Product/Code')"/>
    </xsl:call-template>
    <xsl:call-template name="ei:TR101-rows">
      <xsl:with-param name="rows" select="$ei:root/descendant::*:OngewijzigdProduct"/>
      <xsl:with-param name="keys" select="('ToewijzingNummer')"/>
    </xsl:call-template>
    <xsl:call-template name="ei:TR101-rows">
      <xsl:with-param name="rows" select="$ei:root/descendant::*:TeWijzigenProduct"/>
      <xsl:with-param name="keys" select="('ToewijzingNummer')"/>
    </xsl:call-template>
    <xsl:call-template name="ei:TR101-rows">
      <xsl:with-param name="rows" select="$ei:root/descendant::*:Verzoek"/>
      <xsl:with-param name="keys" select="('ReferentieAanbieder')"/>
    </xsl:call-template>
    <xsl:call-template name="ei:TR352"/>
    <xsl:call-template name="ei:TR353"/>
    <xsl:call-template name="ei:TR380"/>
    <xsl:call-template name="ei:overlap">
      <xsl:with-param name="rule" select="'TR410'"/>
      <xsl:with-param name="rows" select="$ei:nieuw"/>
      <xsl:with-param name="start" select="'Ingangsdatum'"/>
      <xsl:with-param name="end" select="'Einddatum'"/>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
