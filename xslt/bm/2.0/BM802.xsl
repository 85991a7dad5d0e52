<?xml version="1.0" encoding="UTF-8"?>
<!--
  eistandaard: relation rules (verbandcontroles, level 3) of BM802 Retourinformatie Betaalopdracht
  Wlz 2.0, as VECOZO checks a return before it delivers it (STB flows 5-7).
  Output: urn:eistandaard:findings:1. Rule ids and retourcodes: rbc/bm/2.0/rules.toml.
  Codes starting with P are provisional (docs/standards/bm801.md).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:vk="urn:eistandaard:xslt:vektis"
    xmlns="urn:eistandaard:findings:1"
    exclude-result-prefixes="#all"
    expand-text="yes">
  <xsl:include href="../../common/vektis-core.xsl"/>

  <xsl:template name="vk:rules">
    <xsl:variable name="header" as="element()?" select="$vk:root/*:Header"/>
    <xsl:variable name="overzicht" as="element()?" select="$vk:root/*:Overzicht"/>
    <xsl:if test="exists($header)">
      <xsl:sequence select="vk:environment('VC101', $header)"/>
      <xsl:sequence select="vk:role('VC102', $header, '538', 'VerzenderRol', ('6', '7'))"/>
      <xsl:sequence select="vk:role('VC103', $header, '538', 'OntvangerRol', '5')"/>
      <xsl:sequence select="vk:not-after-today('VC104', $header)"/>
      <xsl:sequence select="vk:berichtcode('VC105', $header, '538')"/>
      <!-- VC106: Verzender is present exactly when the sender is not VECOZO (role 6). -->
      <xsl:variable name="rol" as="element()?" select="$header/*:VerzenderRol"/>
      <xsl:if test="(normalize-space($rol) eq '6') eq exists($header/*:Verzender)">
        <xsl:sequence select="vk:finding('VC106', $header, ($header/*:Verzender, $rol),
            vk:pairs(($header/*:Verzender, $rol)))"/>
      </xsl:if>
    </xsl:if>
    <xsl:for-each select="$overzicht">
      <xsl:variable name="totaal" as="element()?" select="*:TotaalBedragDC"/>
      <xsl:variable name="toegekend" as="element()?" select="*:TotaalToegekendBedragDC"/>
      <xsl:variable name="rejected" as="xs:boolean" select="exists($vk:root//*:Feedback)"/>
      <!-- VC107 (STB 5.8): without any rejection the granted total equals the requested total. -->
      <xsl:if test="not($rejected) and vk:signed($toegekend) ne vk:signed($totaal)">
        <xsl:sequence select="vk:finding('VC107', ., ($totaal, $toegekend),
            (vk:pairs($totaal/*), vk:pairs($toegekend/*)))"/>
      </xsl:if>
      <!-- VC108 (STB 5.8): when VECOZO answers, the granted total is 0.00. -->
      <xsl:if test="normalize-space($header/*:VerzenderRol) eq '6' and vk:signed($toegekend) ne 0">
        <xsl:sequence select="vk:finding('VC108', ., $toegekend, vk:pairs($toegekend/*))"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
