<?xml version="1.0" encoding="UTF-8"?>
<!--
  eistandaard: relation rules of the 3.2 declaration (WMO323 / JW323), XSLT 3.0.
  Include after istandaarden-3.2-core.xsl. See docs/rules.md for what each rule checks.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:ei="urn:eistandaard:xslt"
    xmlns="urn:eistandaard:findings:1"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:variable name="ei:declaraties" as="element()*" select="$ei:root/*:Declaratie"/>
  <xsl:variable name="ei:declaratieperiodes" as="element()*" select="$ei:declaraties/*:DeclaratiePeriode"/>

  <xsl:template name="ei:rules">
    <xsl:call-template name="ei:CD060"/>
    <xsl:call-template name="ei:CD087"/>
    <xsl:call-template name="ei:CS002"/>
    <xsl:call-template name="ei:CS100"/>
    <xsl:call-template name="ei:CS325"/>
    <xsl:call-template name="ei:CS337"/>
    <xsl:call-template name="ei:CS339"/>
    <xsl:call-template name="ei:CS340"/>
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
      <xsl:with-param name="dates" select="$ei:declaratieperiodes/*:Begindatum"/>
      <xsl:with-param name="class" select="'Declaratie'"/>
    </xsl:call-template>
    <xsl:call-template name="ei:TR134">
      <xsl:with-param name="dates" select="$ei:productperiodes/*:Begindatum"/>
      <xsl:with-param name="class" select="'Prestatie'"/>
    </xsl:call-template>
    <xsl:call-template name="ei:TR137">
      <xsl:with-param name="periods" select="$ei:declaratieperiodes"/>
      <xsl:with-param name="class" select="'Declaratie'"/>
    </xsl:call-template>
    <xsl:call-template name="ei:TR137">
      <xsl:with-param name="periods" select="$ei:productperiodes"/>
      <xsl:with-param name="class" select="'Prestatie'"/>
    </xsl:call-template>
    <xsl:call-template name="ei:TR315-TR316"/>
    <xsl:call-template name="ei:TR319"/>
    <xsl:call-template name="ei:TR335"/>
    <xsl:call-template name="ei:TR358"/>
    <xsl:call-template name="ei:TR416"/>
  </xsl:template>

  <!-- CD087: ProductTarief filled exactly when Eenheid is not 83 (euro). -->
  <xsl:template name="ei:CD087">
    <xsl:for-each select="$ei:prestaties/*:Eenheid">
      <xsl:variable name="tarief" as="element()*" select="../*:ProductTarief"/>
      <xsl:if test="(normalize-space(ei:text(.)) ne '83') ne ei:filled($tarief)">
        <xsl:sequence select="ei:finding('CD087', 'Prestatie', (., $tarief))"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- CS100: a Begindatum of a ProductPeriode or DeclaratiePeriode not before 2021-01-01. -->
  <xsl:template name="ei:CS100">
    <xsl:for-each select="($ei:productperiodes | $ei:declaratieperiodes)/*:Begindatum">
      <xsl:if test="ei:date-number(ei:text(.)) lt 20210101">
        <xsl:sequence select="ei:finding('CS100', if (local-name(..) = 'ProductPeriode') then 'Prestatie' else 'Declaratie', .)"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- CS337: a ProductPeriode lies in one calendar month: year and month are checked apart. -->
  <xsl:template name="ei:CS337">
    <xsl:for-each select="$ei:prestaties">
      <xsl:variable name="begin" as="element()*" select="*:ProductPeriode/*:Begindatum"/>
      <xsl:variable name="end" as="element()*" select="*:ProductPeriode/*:Einddatum"/>
      <xsl:variable name="b" select="translate(ei:text($begin), '-', '')"/>
      <xsl:variable name="e" select="translate(ei:text($end), '-', '')"/>
      <xsl:variable name="incomplete" select="empty($begin) or empty($end)"/>
      <xsl:if test="$incomplete or substring($b, 1, 4) ne substring($e, 1, 4)">
        <xsl:sequence select="ei:finding('CS337', 'Prestatie', ($begin, $end))"/>
      </xsl:if>
      <xsl:if test="$incomplete or substring($b, 5, 2) ne substring($e, 5, 2)">
        <xsl:sequence select="ei:finding('CS337', 'Prestatie', ($begin, $end))"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- CS339: with Eenheid 83 (euro) IngediendBedrag equals GeleverdVolume. -->
  <xsl:template name="ei:CS339">
    <xsl:for-each select="$ei:prestaties[ei:text(*:Eenheid) = '83']">
      <xsl:variable name="volume" as="element()*" select="*:GeleverdVolume"/>
      <xsl:variable name="bedrag" as="element()*" select="*:IngediendBedrag/*:Bedrag"/>
      <xsl:variable name="v" select="ei:numbers($volume)"/>
      <xsl:variable name="b" select="ei:numbers($bedrag)"/>
      <xsl:if test="(some $x in $b, $y in $v satisfies $x lt $y) or (some $x in $b, $y in $v satisfies $y lt $x)">
        <xsl:sequence select="ei:finding('CS339', 'Prestatie', ($volume, $bedrag))"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!--
    CS340: the DeclaratiePeriode is one whole calendar month: the Begindatum is a 1st, and the day
    after the Einddatum is the Begindatum plus one month (with the official month arithmetic).
  -->
  <xsl:template name="ei:CS340">
    <xsl:for-each select="$ei:declaratieperiodes">
      <xsl:variable name="begin" as="element()*" select="*:Begindatum"/>
      <xsl:variable name="end" as="element()*" select="*:Einddatum"/>
      <xsl:if test="substring-after(substring-after(string($begin[1]), '-'), '-') ne '01'">
        <xsl:sequence select="ei:finding('CS340', 'Declaratie', $begin)"/>
      </xsl:if>
      <xsl:variable name="day-after" as="xs:double?" select="
          if (normalize-space(ei:text($end)) ne '')
          then ei:adjust-date(ei:date-number(ei:text($end)) + 1, false()) else ()"/>
      <xsl:variable name="month-later" as="xs:double"
          select="ei:add-months(ei:date-number(ei:text($begin)), 1, false())"/>
      <xsl:if test="not(exists($day-after) and ($day-after = $month-later
          or ($day-after ne $day-after and $month-later ne $month-later)))">
        <xsl:sequence select="ei:finding('CS340', 'Declaratie', ($begin, $end))"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!--
    TR315: a VorigReferentieNummer is used once: one finding per earlier equal one.
    TR316: a debit is not credited in the same message: one finding per earlier ReferentieNummer
    equal to this VorigReferentieNummer, per earlier VorigReferentieNummer equal to this
    ReferentieNummer, and when both numbers of one ProductReferentie are equal.
    "Earlier" means in an earlier Prestatie of the same or an earlier Client (same Clienten).
    The numbers of one Clienten are the VorigReferentieNummer and ReferentieNummer of every
    Prestatie/ProductReferentie three levels below it (Client/Prestaties, or any other names in
    a message no schema admits), grouped by their text (ei:text, not normalised) into one map
    per Clienten: a lookup by this number's normalised text, then the earlier ones, in document
    order.
  -->
  <xsl:template name="ei:TR315-TR316">
    <xsl:for-each select="$ei:clienten">
      <xsl:variable name="references" as="element()*" select="*/*/*:Prestatie/*:ProductReferentie"/>
      <xsl:variable name="vorigs" as="map(xs:string, element()*)" select="ei:by-text($references/*:VorigReferentieNummer)"/>
      <xsl:variable name="refs" as="map(xs:string, element()*)" select="ei:by-text($references/*:ReferentieNummer)"/>
      <xsl:for-each select="*:Client/*:Prestaties/*:Prestatie/*:ProductReferentie">
        <xsl:variable name="prestatie" as="element()" select=".."/>
        <xsl:variable name="ref" as="element()*" select="*:ReferentieNummer"/>
        <xsl:variable name="vorig" as="element()*" select="*:VorigReferentieNummer"/>
        <xsl:variable name="ref-text" select="normalize-space(ei:text($ref))"/>
        <xsl:variable name="vorig-text" select="normalize-space(ei:text($vorig))"/>
        <xsl:if test="$vorig-text ne ''">
          <xsl:for-each select="$vorigs($vorig-text)[. &lt;&lt; $prestatie]">
            <xsl:sequence select="ei:finding('TR315', 'Prestatie', (., $vorig))"/>
          </xsl:for-each>
          <xsl:for-each select="$refs($vorig-text)[. &lt;&lt; $prestatie]">
            <xsl:sequence select="ei:finding('TR316', 'Prestatie', (., $vorig))"/>
          </xsl:for-each>
        </xsl:if>
        <xsl:if test="$ref-text ne ''">
          <xsl:for-each select="$vorigs($ref-text)[. &lt;&lt; $prestatie]">
            <xsl:sequence select="ei:finding('TR316', 'Prestatie', (., $ref))"/>
          </xsl:for-each>
        </xsl:if>
        <xsl:if test="$ref-text eq $vorig-text">
          <xsl:sequence select="ei:finding('TR316', 'Prestatie', ($ref, $vorig))"/>
        </xsl:if>
      </xsl:for-each>
    </xsl:for-each>
  </xsl:template>

  <!-- Elements by their text (ei:text), each text to its elements in document order. -->
  <xsl:function name="ei:by-text" as="map(xs:string, element()*)">
    <xsl:param name="elements" as="element()*"/>
    <xsl:map>
      <xsl:for-each-group select="$elements" group-by="ei:text(.)">
        <xsl:map-entry key="current-grouping-key()" select="current-group()"/>
      </xsl:for-each-group>
    </xsl:map>
  </xsl:function>

  <!-- TR319: the ProductPeriode ends no later than the DeclaratiePeriode (begin and end apart). -->
  <xsl:template name="ei:TR319">
    <xsl:for-each select="$ei:declaraties">
      <xsl:variable name="decl-end" as="element()*" select="*:DeclaratiePeriode/*:Einddatum"/>
      <xsl:variable name="limit" as="xs:double?" select="ei:limit($decl-end)"/>
      <xsl:for-each select="*:Clienten/*:Client/*:Prestaties/*:Prestatie">
        <xsl:for-each select="*:ProductPeriode/*:Begindatum, *:ProductPeriode/*:Einddatum">
          <xsl:if test="ei:after-limit($limit, .)">
            <xsl:sequence select="ei:finding('TR319', 'Prestatie', ($decl-end, .))"/>
          </xsl:if>
        </xsl:for-each>
        <xsl:if test="empty(*:ProductPeriode/*:Begindatum)">
          <xsl:sequence select="ei:finding('TR319', 'Prestatie', $decl-end)"/>
        </xsl:if>
        <xsl:if test="empty(*:ProductPeriode/*:Einddatum)">
          <xsl:sequence select="ei:finding('TR319', 'Prestatie', $decl-end)"/>
        </xsl:if>
      </xsl:for-each>
    </xsl:for-each>
  </xsl:template>

  <!-- TR335: the Einddatum of a ProductPeriode is at most 5 years before DeclaratieDagtekening. -->
  <xsl:template name="ei:TR335">
    <xsl:for-each select="$ei:declaraties">
      <xsl:variable name="dagtekening" as="element()*" select="*:DeclaratieDagtekening"/>
      <xsl:variable name="limit" as="xs:double"
          select="ei:add-months(ei:date-number(string($dagtekening[1])), -60, true())"/>
      <xsl:for-each select="*:Clienten/*:Client/*:Prestaties/*:Prestatie/*:ProductPeriode/*:Einddatum">
        <xsl:if test="ei:date-number(ei:text(.)) lt $limit">
          <xsl:sequence select="ei:finding('TR335', 'Prestatie', (., $dagtekening))"/>
        </xsl:if>
      </xsl:for-each>
    </xsl:for-each>
  </xsl:template>

  <!--
    TR358: TotaalBedrag is the sum of the debit minus the credit IngediendBedragen, signed by its
    DebetCredit. Compared as text, as the official set does (a leading zero fails).
  -->
  <xsl:template name="ei:TR358">
    <xsl:for-each select="$ei:declaraties/*:TotaalIngediendBedrag">
      <xsl:variable name="rows" as="element()*"
          select="../*:Clienten/*:Client/*:Prestaties/*:Prestatie/*:IngediendBedrag"/>
      <xsl:variable name="net" as="xs:double" select="
          sum(ei:numbers($rows[ei:text(*:DebetCredit) = 'D']/*:Bedrag))
          - sum(ei:numbers($rows[ei:text(*:DebetCredit) = 'C']/*:Bedrag))"/>
      <xsl:variable name="dc" select="normalize-space(ei:text(*:DebetCredit))"/>
      <xsl:variable name="totaal" as="element()*" select="*:TotaalBedrag"/>
      <xsl:variable name="expected" as="xs:string?" select="
          if ($dc = 'D') then ei:format-number($net)
          else if ($dc = 'C') then ei:format-number(0 - $net) else ()"/>
      <xsl:if test="exists($expected) and not(
          if ($expected = '') then not(ei:filled($totaal))
          else normalize-space(ei:text($totaal)) = $expected)">
        <xsl:sequence select="ei:finding('TR358', 'Declaratie', (*:DebetCredit, $totaal, $rows))"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!--
    TR416: a debit Prestatie may not repeat the ProductPeriode, ProductCategorie, ProductCode and
    ToewijzingNummer of an earlier debit sibling: one finding per earlier duplicate.
  -->
  <xsl:template name="ei:TR416">
    <xsl:for-each select="$ei:prestaties-lists">
      <xsl:for-each-group select="*:Prestatie[exists(*:ProductPeriode/*:Begindatum) and exists(*:ProductPeriode/*:Einddatum)
            and exists(*:ProductCategorie) and exists(*:ToewijzingNummer) and exists(*:ProductCode)]"
          group-by="string-join((string(*:ProductPeriode[1]/*:Begindatum[1]), string(*:ProductPeriode[1]/*:Einddatum[1]),
            string(*:ProductCategorie[1]), string(*:ToewijzingNummer[1]), string(*:ProductCode[1])), '|')">
        <xsl:variable name="group" as="element()*" select="current-group()"/>
        <!-- A Prestatie alone in its group (nearly all) has no earlier duplicate to look for. -->
        <xsl:for-each select="if (exists($group[2])) then $group[*:IngediendBedrag/*:DebetCredit = 'D'] else ()">
          <xsl:variable name="this" as="element()" select="."/>
          <xsl:for-each select="$group[. &lt;&lt; $this][normalize-space(string(*:IngediendBedrag[1]/*:DebetCredit[1])) = 'D']">
            <xsl:sequence select="ei:finding('TR416', 'Prestatie', ($this, .))"/>
          </xsl:for-each>
        </xsl:for-each>
      </xsl:for-each-group>
    </xsl:for-each>
  </xsl:template>

</xsl:stylesheet>
