<?xml version="1.0" encoding="UTF-8"?>
<!--
  eistandaard: shared core of the relation rules (verbandcontroles) of Vektis-convention messages
  (Betaalopdracht Wlz BM801/BM802; reusable for GDS801/GDS802), XSLT 3.0. Written for eistandaard.

  - Elements are matched by local name, so the rules run on the bundled (provisional) namespace
    and on an official one alike.
  - Locations are local-name paths from the root, [n] only where same-named siblings exist,
    computed in one descent (vk:paths), never by counting preceding siblings.
  - A finding names its rule and class, has the class element as its first location and the
    betrokken elementen in <details> as "Elementnaam=Elementwaarde; ..." (the Vektis Feedback
    pairs), which eistandaard.vektis.feedback reads back.
  - Amounts are xs:decimal; Bedrag + DebetCreditCode gives a signed amount (C negative).

  A message module defines the named template vk:rules.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:vk="urn:eistandaard:xslt:vektis"
    xmlns="urn:eistandaard:findings:1"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <!-- "Today" for the rules that compare with the system date (Vektis HuidigeDatum). -->
  <xsl:param name="peildatum" as="xs:date" select="current-date()"/>
  <!-- The environment the checking party runs (Vektis OmgevingVecozo): P productie, T test. -->
  <xsl:param name="omgeving" as="xs:string" select="'P'"/>

  <xsl:variable name="vk:root" as="element()?" select="/*"/>

  <xsl:variable name="vk:paths" as="map(xs:string, xs:string)"
      select="if (exists($vk:root)) then map:merge(vk:paths($vk:root, '/' || local-name($vk:root))) else map{}"/>

  <xsl:function name="vk:paths" as="map(xs:string, xs:string)*">
    <xsl:param name="element" as="element()"/>
    <xsl:param name="path" as="xs:string"/>
    <xsl:sequence select="map:entry(generate-id($element), $path)"/>
    <xsl:for-each-group select="$element/*" group-by="local-name()">
      <xsl:variable name="step" as="xs:string" select="$path || '/' || current-grouping-key()"/>
      <xsl:variable name="many" as="xs:boolean" select="count(current-group()) gt 1"/>
      <xsl:for-each select="current-group()">
        <xsl:sequence select="vk:paths(., if ($many) then $step || '[' || position() || ']' else $step)"/>
      </xsl:for-each>
    </xsl:for-each-group>
  </xsl:function>

  <xsl:function name="vk:path" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="$vk:paths(generate-id($element))"/>
  </xsl:function>

  <!-- A betrokken element: its local name and value, or a literal name with a given value. -->
  <xsl:function name="vk:pair" as="xs:string">
    <xsl:param name="name" as="xs:string"/>
    <xsl:param name="value" as="xs:string"/>
    <xsl:sequence select="$name || '=' || replace($value, ';', ',')"/>
  </xsl:function>

  <xsl:function name="vk:pairs" as="xs:string*">
    <xsl:param name="elements" as="element()*"/>
    <xsl:sequence select="for $e in $elements return vk:pair(local-name($e), normalize-space($e))"/>
  </xsl:function>

  <!--
    One finding on the class element $owner; $elements are located after it, $pairs become the
    betrokken elementen.
  -->
  <xsl:function name="vk:finding" as="element()">
    <xsl:param name="rule" as="xs:string"/>
    <xsl:param name="owner" as="element()"/>
    <xsl:param name="elements" as="element()*"/>
    <xsl:param name="pairs" as="xs:string*"/>
    <finding rule="{$rule}" class="{local-name($owner)}">
      <location>{vk:path($owner)}</location>
      <xsl:for-each select="$elements/.">
        <location>{vk:path(.)}</location>
      </xsl:for-each>
      <details>{string-join($pairs, '; ')}</details>
    </finding>
  </xsl:function>

  <!-- A {Bedrag, DebetCreditCode} class as a signed decimal (C negative; 0 when unreadable). -->
  <xsl:function name="vk:signed" as="xs:decimal">
    <xsl:param name="amount" as="element()?"/>
    <xsl:variable name="text" as="xs:string" select="normalize-space($amount/*:Bedrag)"/>
    <xsl:variable name="value" as="xs:decimal"
        select="if ($text castable as xs:decimal) then xs:decimal($text) else 0"/>
    <xsl:sequence select="if (normalize-space($amount/*:DebetCreditCode) eq 'C') then -$value else $value"/>
  </xsl:function>

  <xsl:function name="vk:sum" as="xs:decimal">
    <xsl:param name="amounts" as="element()*"/>
    <xsl:sequence select="sum(for $a in $amounts return vk:signed($a), 0)"/>
  </xsl:function>

  <!--
    XPath 1.0 number() of a string, as the Vektis stylesheets (XSLT 1.0) read values: optional
    whitespace, an optional '-', digits with an optional '.' (or '.' and digits); anything else,
    such as '+1', '1E2', 'INF' or the empty string, is NaN. XPath 3.0 number() reads more forms.
  -->
  <xsl:function name="vk:number" as="xs:double">
    <xsl:param name="value" as="item()?"/>
    <!--
      XPath 3.0 number() reads every XPath 1.0 number alike (the same whitespace, digits, '.' and
      '-'); what it reads beyond them always holds '+', an exponent 'e'/'E', or 'INF'/'NaN'. Those
      strings are never an XPath 1.0 number, so one translate() decides (no regex: this is called
      for every amount and date).
    -->
    <xsl:variable name="text" as="xs:string" select="string($value)"/>
    <xsl:sequence select="if (translate($text, '+eEIN', '') eq $text) then number($text) else number('NaN')"/>
  </xsl:function>

  <!--
    A date as the number YYYYMMDD, as the Vektis routines compare dates: dashes removed, then
    XPath 1.0 number(). A date with a time zone ('2026-11-23+01:00', '2026-11-23Z') or an empty
    or absent date is NaN, so every comparison with it is false.
  -->
  <xsl:function name="vk:date-number" as="xs:double">
    <xsl:param name="value" as="item()?"/>
    <xsl:sequence select="vk:number(translate(string($value), '-', ''))"/>
  </xsl:function>

  <!-- A date element's value, or () when it is no date. -->
  <xsl:function name="vk:date" as="xs:date?">
    <xsl:param name="element" as="element()?"/>
    <xsl:variable name="text" as="xs:string" select="normalize-space($element)"/>
    <xsl:sequence select="if ($text castable as xs:date) then xs:date($text) else ()"/>
  </xsl:function>

  <!-- ============================================================ header rules -->

  <!-- Berichtsoort must be the environment of the checking party (COD954 8028). -->
  <xsl:function name="vk:environment" as="element()*">
    <xsl:param name="rule" as="xs:string"/>
    <xsl:param name="header" as="element()"/>
    <xsl:variable name="soort" as="element()?" select="$header/*:Berichtsoort"/>
    <xsl:if test="normalize-space($soort) ne normalize-space($omgeving)">
      <xsl:sequence select="vk:finding($rule, $header, $soort,
          (vk:pairs($soort), vk:pair('OmgevingVecozo', $omgeving)))"/>
    </xsl:if>
  </xsl:function>

  <!--
    Verzenddatum must not lie after "today" (COD954 8986), compared as YYYYMMDD numbers as the
    Vektis routine rcDatum_vs_Huidigedatum does: a Verzenddatum with a time zone is NaN and never
    lies after today.
  -->
  <xsl:function name="vk:not-after-today" as="element()*">
    <xsl:param name="rule" as="xs:string"/>
    <xsl:param name="header" as="element()"/>
    <xsl:variable name="datum" as="element()?" select="$header/*:Verzenddatum"/>
    <xsl:if test="vk:date-number($datum) gt vk:date-number(string($peildatum))">
      <xsl:sequence select="vk:finding($rule, $header, $datum,
          (vk:pairs($datum), vk:pair('HuidigeDatum', string($peildatum))))"/>
    </xsl:if>
  </xsl:function>

  <!-- Berichtcode must be $code. -->
  <xsl:function name="vk:berichtcode" as="element()*">
    <xsl:param name="rule" as="xs:string"/>
    <xsl:param name="header" as="element()"/>
    <xsl:param name="code" as="xs:string"/>
    <xsl:variable name="found" as="element()?" select="$header/*:Berichtcode"/>
    <xsl:if test="normalize-space($found) ne $code">
      <xsl:sequence select="vk:finding($rule, $header, $found, vk:pairs($found))"/>
    </xsl:if>
  </xsl:function>

  <!-- With Berichtcode $code, the role element $role (VerzenderRol/OntvangerRol) must be one of $allowed. -->
  <xsl:function name="vk:role" as="element()*">
    <xsl:param name="rule" as="xs:string"/>
    <xsl:param name="header" as="element()"/>
    <xsl:param name="code" as="xs:string"/>
    <xsl:param name="role" as="xs:string"/>
    <xsl:param name="allowed" as="xs:string*"/>
    <xsl:variable name="found" as="element()?" select="$header/*[local-name() eq $role]"/>
    <xsl:if test="normalize-space($header/*:Berichtcode) eq $code and not(normalize-space($found) = $allowed)">
      <xsl:sequence select="vk:finding($rule, $header, $found, vk:pairs(($header/*:Berichtcode, $found)))"/>
    </xsl:if>
  </xsl:function>

  <xsl:template match="/">
    <findings>
      <xsl:if test="exists($vk:root)">
        <xsl:call-template name="vk:rules"/>
      </xsl:if>
    </findings>
  </xsl:template>
</xsl:stylesheet>
