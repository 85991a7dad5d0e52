<?xml version="1.0" encoding="UTF-8"?>
<!--
  eistandaard: relation rules of the 3.2 declaration answer (WMO325 / JW325), XSLT 3.0.
  Include after istandaarden-3.2-core.xsl. See docs/rules.md for what each rule checks.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:ei="urn:eistandaard:xslt"
    xmlns="urn:eistandaard:findings:1"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:variable name="ei:antwoorden" as="element()*" select="$ei:root/*:DeclaratieAntwoord"/>

  <xsl:template name="ei:rules">
    <xsl:call-template name="ei:CD060"/>
    <xsl:call-template name="ei:CS002"/>
    <xsl:call-template name="ei:CS325"/>
    <xsl:call-template name="ei:TR101">
      <xsl:with-param name="containers" select="$ei:clienten"/>
      <xsl:with-param name="name" select="'Client'"/>
      <xsl:with-param name="class" select="'Client'"/>
    </xsl:call-template>
    <xsl:call-template name="ei:TR101">
      <xsl:with-param name="containers" select="$ei:prestaties-lists"/>
      <xsl:with-param name="name" select="'Prestatie'"/>
      <xsl:with-param name="class" select="'Prestatie'"/>
    </xsl:call-template>
    <xsl:call-template name="ei:TR134">
      <xsl:with-param name="dates" select="$ei:productperiodes/*:Begindatum"/>
      <xsl:with-param name="class" select="'Prestatie'"/>
    </xsl:call-template>
    <xsl:call-template name="ei:TR137">
      <xsl:with-param name="periods" select="$ei:productperiodes"/>
      <xsl:with-param name="class" select="'Prestatie'"/>
    </xsl:call-template>
    <xsl:call-template name="ei:TR342"/>
  </xsl:template>

  <!-- A signed total: TotaalBedrag, negative when DebetCredit is C; NaN when missing. -->
  <xsl:function name="ei:signed-total" as="xs:double">
    <xsl:param name="total" as="element()*"/>
    <xsl:variable name="amount" as="xs:double" select="ei:number(ei:text($total/*:TotaalBedrag))"/>
    <xsl:sequence select="if (ei:text($total/*:DebetCredit) = 'C') then $amount * -1 else $amount"/>
  </xsl:function>

  <!--
    TR342: without a rejection code on DeclaratieAntwoord, ingediend minus toegekend equals the
    net of the returned (rejected) Prestaties; with one, TotaalToegekendBedrag is 0.
  -->
  <xsl:template name="ei:TR342">
    <xsl:for-each select="$ei:antwoorden">
      <xsl:variable name="rows" as="element()*" select="*:Clienten/*:Client/*:Prestaties/*:Prestatie/*:IngediendBedrag"/>
      <xsl:variable name="net" as="xs:double" select="
          sum(ei:numbers($rows[ei:text(*:DebetCredit) = 'D']/*:Bedrag))
          - sum(ei:numbers($rows[ei:text(*:DebetCredit) = 'C']/*:Bedrag))"/>
      <xsl:variable name="toegekend" as="xs:double" select="ei:signed-total(*:TotaalToegekendBedrag)"/>
      <xsl:variable name="difference" as="xs:double"
          select="ei:signed-total(*:TotaalIngediendBedrag) - $toegekend"/>
      <xsl:variable name="rejected" as="xs:boolean"
          select="exists(*:RetourCodes/*:RetourCode[text() and ei:text(.) != '0200' and ei:text(.) != '8001'])"/>
      <xsl:choose>
        <xsl:when test="not($rejected)">
          <!-- The official set compares the two numbers as text: NaN equals NaN there. -->
          <xsl:if test="not($net = $difference or ($net ne $net and $difference ne $difference))">
            <xsl:sequence select="ei:finding('TR342', 'Header', (*:TotaalToegekendBedrag, *:TotaalIngediendBedrag))"/>
          </xsl:if>
        </xsl:when>
        <xsl:when test="$toegekend ne 0">
          <!-- Without a TotaalToegekendBedrag the official set gives no location: we name the class. -->
          <xsl:sequence select="ei:finding('TR342', 'Header', (*:TotaalToegekendBedrag, .)[1])"/>
        </xsl:when>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>

</xsl:stylesheet>
