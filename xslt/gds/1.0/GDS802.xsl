<?xml version="1.0" encoding="UTF-8"?>
<!--
  eistandaard: relation rules (verbandcontroles, level 3) of GDS802 Retourbericht 1.0 (berichtcode
  574), as VECOZO checks a return before it forwards it: the sender and receiver roles (9262, 9263)
  and the granted amounts per prestatie (9459, 9460, 9507). The return's own Feedback is not checked.
  Output: urn:eistandaard:findings:1; codes and texts in rbc/gds/1.0/rules.toml.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:vk="urn:eistandaard:xslt:vektis"
    xmlns:g="urn:eistandaard:xslt:gds"
    xmlns="urn:eistandaard:findings:1"
    exclude-result-prefixes="#all"
    expand-text="yes">
  <xsl:include href="../../common/vektis-core.xsl"/>

  <xsl:function name="g:n" as="xs:double">
    <xsl:param name="element" as="element()?"/>
    <xsl:sequence select="vk:number(normalize-space($element))"/>
  </xsl:function>

  <xsl:template name="vk:rules">
    <xsl:variable name="header" as="element()?" select="$vk:root/*:Header"/>
    <xsl:variable name="is574" as="xs:boolean" select="vk:number(normalize-space($header/*:Berichtcode)) eq 574"/>
    <xsl:for-each select="$header">
      <xsl:if test="$is574 and not(normalize-space(*:VerzenderRol) = ('2', '3', '4', '5', '6', '7'))">
        <xsl:sequence select="vk:finding('VC003-9262', ., (*:Berichtcode, *:VerzenderRol), vk:pairs((*:Berichtcode, *:VerzenderRol)))"/>
      </xsl:if>
      <xsl:if test="$is574 and not(normalize-space(*:OntvangerRol) = ('1', '2'))">
        <xsl:sequence select="vk:finding('VC005-9263', ., (*:Berichtcode, *:OntvangerRol), vk:pairs((*:Berichtcode, *:OntvangerRol)))"/>
      </xsl:if>
    </xsl:for-each>
    <xsl:for-each select="$vk:root/*:Verzekerde/*:Prestatie/*:DebetPrestatie">
      <xsl:variable name="fin" as="element()?" select="*:ToegekendBedragInclBtwFinancieel"/>
      <xsl:variable name="niet" as="element()?" select="*:ToegekendBedragInclBtwNietFinancieel"/>
      <xsl:if test="g:n($niet) gt 0 and not(g:n($fin) eq 0)">
        <xsl:sequence select="vk:finding('VC9459-9459', ., ($niet, $fin), vk:pairs(($niet, $fin)))"/>
      </xsl:if>
      <xsl:if test="g:n($niet) gt 0 and g:n($fin) gt 0">
        <xsl:sequence select="vk:finding('VC112-9507', ., ($niet, $fin), vk:pairs(($niet, $fin)))"/>
      </xsl:if>
    </xsl:for-each>
    <xsl:for-each select="$vk:root/*:Verzekerde/*:Prestatie/*:CreditPrestatie">
      <xsl:variable name="fin" as="element()?" select="*:ToegekendCreditBedragInclBtwFinancieel"/>
      <xsl:variable name="niet" as="element()?" select="*:ToegekendCreditBedragInclBtwNietFinancieel"/>
      <xsl:if test="g:n($niet) gt 0 and not(g:n($fin) eq 0)">
        <xsl:sequence select="vk:finding('VC9460-9460', ., ($niet, $fin), vk:pairs(($niet, $fin)))"/>
      </xsl:if>
      <xsl:if test="g:n($niet) gt 0 and g:n($fin) gt 0">
        <xsl:sequence select="vk:finding('VC112-9507', ., ($niet, $fin), vk:pairs(($niet, $fin)))"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
