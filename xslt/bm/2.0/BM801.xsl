<?xml version="1.0" encoding="UTF-8"?>
<!--
  eistandaard: relation rules (verbandcontroles, level 3) of BM801 Betaalopdracht Wlz 2.0.
  Output: urn:eistandaard:findings:1. Rule ids and retourcodes: rbc/bm/2.0/rules.toml.
  The RBC of this standard is not public: the rules are eistandaard's reading of the STB and of
  the Vektis GDS practice (docs/standards/bm801.md); codes starting with P are provisional.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:vk="urn:eistandaard:xslt:vektis"
    xmlns="urn:eistandaard:findings:1"
    exclude-result-prefixes="#all"
    expand-text="yes">
  <xsl:include href="../../common/vektis-core.xsl"/>

  <xsl:key name="opdracht" match="*:Betaalopdracht" use="normalize-space(*:Betaalopdrachtnummer)"/>

  <xsl:template name="vk:rules">
    <xsl:variable name="header" as="element()?" select="$vk:root/*:Header"/>
    <xsl:variable name="overzicht" as="element()?" select="$vk:root/*:Overzicht"/>
    <xsl:variable name="opdrachten" as="element()*" select="$vk:root/*:Betaalopdracht"/>
    <xsl:if test="exists($header)">
      <xsl:sequence select="vk:environment('VC001', $header)"/>
      <xsl:sequence select="vk:role('VC002', $header, '537', 'VerzenderRol', '5')"/>
      <xsl:sequence select="vk:role('VC003', $header, '537', 'OntvangerRol', '7')"/>
      <xsl:sequence select="vk:not-after-today('VC004', $header)"/>
      <xsl:sequence select="vk:berichtcode('VC005', $header, '537')"/>
    </xsl:if>
    <!-- VC006 (0150): TotaalBedragDC equals the signed sum of the Betaalopdrachten. -->
    <xsl:for-each select="$overzicht">
      <xsl:variable name="totaal" as="element()?" select="*:TotaalBedragDC"/>
      <xsl:if test="vk:signed($totaal) ne vk:sum($opdrachten/*:BedragDC)">
        <xsl:sequence select="vk:finding('VC006', ., $totaal, vk:pairs($totaal/*))"/>
      </xsl:if>
    </xsl:for-each>
    <xsl:variable name="jaar-tot" as="xs:integer?" select="year-from-date(vk:date($header/*:Verzenddatum))"/>
    <xsl:for-each select="$opdrachten">
      <xsl:variable name="opdracht" as="element()" select="."/>
      <xsl:variable name="bedrag" as="element()?" select="*:BedragDC"/>
      <!-- VC007: BedragDC equals the signed sum of its specifications. -->
      <xsl:if test="vk:signed($bedrag) ne vk:sum(*:Betaalopdrachtspecificatie/*:BedragDC)">
        <xsl:sequence select="vk:finding('VC007', ., $bedrag, vk:pairs($bedrag/*))"/>
      </xsl:if>
      <!-- VC008: Betaalopdrachtnummer is unique in the message (every occurrence is reported). -->
      <xsl:variable name="nummer" as="element()?" select="*:Betaalopdrachtnummer"/>
      <xsl:if test="count(key('opdracht', normalize-space($nummer))) gt 1">
        <xsl:sequence select="vk:finding('VC008', ., $nummer, vk:pairs($nummer))"/>
      </xsl:if>
      <!-- VC009: Specificatienummer is unique within its Betaalopdracht. -->
      <xsl:for-each-group select="*:Betaalopdrachtspecificatie" group-by="normalize-space(*:Specificatienummer)">
        <xsl:if test="count(current-group()) gt 1">
          <xsl:for-each select="current-group()">
            <xsl:sequence select="vk:finding('VC009', ., *:Specificatienummer, vk:pairs(*:Specificatienummer))"/>
          </xsl:for-each>
        </xsl:if>
      </xsl:for-each-group>
      <!-- VC010: Jaar lies from 2015 (start of the Wlz) up to the year of Verzenddatum. -->
      <xsl:for-each select="*:Betaalopdrachtspecificatie">
        <xsl:variable name="jaar" as="element()?" select="*:Jaar"/>
        <xsl:variable name="value" as="xs:integer?"
            select="if (normalize-space($jaar) castable as xs:integer) then xs:integer(normalize-space($jaar)) else ()"/>
        <xsl:if test="exists($value) and ($value lt 2015 or (exists($jaar-tot) and $value gt $jaar-tot))">
          <xsl:sequence select="vk:finding('VC010', ., $jaar,
              (vk:pairs($jaar), vk:pairs($header/*:Verzenddatum)))"/>
        </xsl:if>
      </xsl:for-each>
      <xsl:for-each select="*:Bankgegevens">
        <xsl:variable name="iban" as="element()?" select="*:Iban"/>
        <xsl:variable name="bic" as="element()?" select="*:Bic"/>
        <xsl:variable name="land" as="xs:string" select="substring(normalize-space($iban), 1, 2)"/>
        <!-- VC011: a foreign IBAN needs a BIC. -->
        <xsl:if test="$land ne 'NL' and not(normalize-space($bic))">
          <xsl:sequence select="vk:finding('VC011', ., $iban, vk:pairs($iban))"/>
        </xsl:if>
        <!-- VC012: the BIC's country (positions 5-6) is the IBAN's country. -->
        <xsl:if test="normalize-space($bic) and substring(normalize-space($bic), 5, 2) ne $land">
          <xsl:sequence select="vk:finding('VC012', ., ($iban, $bic), vk:pairs(($iban, $bic)))"/>
        </xsl:if>
      </xsl:for-each>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
