<?xml version="1.0" encoding="UTF-8"?>
<!-- Test stylesheet (eistandaard): an XSLT 1.0 rule set writing an iStandaarden rapport.
     It reports every Bsn ending in 0 (rule XX001, not in any registry) and, once per message,
     rule TR101 with a Retourcode, so both mapping paths are exercised. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:r="http://www.istandaarden.nl/validatie/1_1/rapport/schema">
  <xsl:template match="/">
    <r:Rapport>
      <r:Header><r:XSLTVersie>0.0.1</r:XSLTVersie></r:Header>
      <r:Fouten>
        <xsl:for-each select="//*[local-name()='Bsn'][substring(., 9, 1) = '0']">
          <r:Fout>
            <r:Code>XX001</r:Code>
            <r:Locatie>/Bericht/Bsn</r:Locatie>
            <r:Details>Bsn eindigt op 0</r:Details>
          </r:Fout>
        </xsl:for-each>
        <r:Fout>
          <r:Code>TR101</r:Code>
          <r:Retourcode>0001</r:Retourcode>
          <r:Locatie>/Bericht/Header</r:Locatie>
          <r:Locatie>/Bericht/Header/BerichtCode</r:Locatie>
        </r:Fout>
      </r:Fouten>
    </r:Rapport>
  </xsl:template>
</xsl:stylesheet>
