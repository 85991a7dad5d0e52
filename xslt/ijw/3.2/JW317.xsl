<?xml version="1.0" encoding="UTF-8"?>
<!-- eistandaard: relation rules (verbandcontroles) of JW317 3.2. Output: urn:eistandaard:findings:1.
     The rules listed in ei:rules are those of the official set that can fire on this message
     (docs/rules.md, "Which rules, per message"). -->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:ei="urn:eistandaard:xslt" exclude-result-prefixes="#all">
  <xsl:include href="../../common/istandaarden-3.2-core.xsl"/>
  <xsl:include href="../../common/istandaarden-3.2-berichten.xsl"/>
  <xsl:template name="ei:rules">
    <xsl:call-template name="ei:any-CS002"/>
    <xsl:call-template name="ei:CD041">
      <xsl:with-param name="rows" select="$ei:nieuw"/>
    </xsl:call-template>
    <xsl:call-template name="ei:CD075">
      <xsl:with-param name="budgets" select="($ei:te-wijzigen | $ei:nieuw)/*:Budget"/>
      <xsl:with-param name="end" select="'Einddatum'"/>
    </xsl:call-template>
    <xsl:call-template name="ei:CD076">
      <xsl:with-param name="rows" select="$ei:te-wijzigen | $ei:nieuw"/>
      <xsl:with-param name="end" select="'Einddatum'"/>
    </xsl:call-template>
    <xsl:call-template name="ei:CD077-CD078">
      <xsl:with-param name="rows" select="$ei:te-wijzigen | $ei:nieuw"/>
    </xsl:call-template>
    <xsl:call-template name="ei:CD079">
      <xsl:with-param name="rows" select="$ei:nieuw"/>
    </xsl:call-template>
    <xsl:call-template name="ei:CD096"/>
    <xsl:call-template name="ei:CS003">
      <xsl:with-param name="ends" select="($ei:te-wijzigen | $ei:nieuw)/*:Einddatum"/>
      <xsl:with-param name="begin" select="'GewensteIngangsdatum'"/>
    </xsl:call-template>
    <xsl:call-template name="ei:CS338">
      <xsl:with-param name="rows" select="$ei:te-wijzigen | $ei:nieuw"/>
    </xsl:call-template>
    <xsl:call-template name="ei:TR101-rows">
      <xsl:with-param name="name" select="'NieuwProduct'"/>
      <xsl:with-param name="keys" select="('GewensteIngangsdatum', 'Product/Categorie', 'Product/Code')"/>
    </xsl:call-template>
    <xsl:call-template name="ei:TR101-rows">
      <xsl:with-param name="name" select="'OngewijzigdProduct'"/>
      <xsl:with-param name="keys" select="('ToewijzingNummer')"/>
    </xsl:call-template>
    <xsl:call-template name="ei:TR101-rows">
      <xsl:with-param name="name" select="'TeWijzigenProduct'"/>
      <xsl:with-param name="keys" select="('ToewijzingNummer')"/>
    </xsl:call-template>
    <xsl:call-template name="ei:TR101-rows">
      <xsl:with-param name="name" select="'Verzoek'"/>
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
