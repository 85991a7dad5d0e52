<?xml version="1.0" encoding="UTF-8"?>
<!--
  eistandaard: shared core of the iWmo/iJw 3.2 relation rules (verbandcontroles), XSLT 3.0.

  Written for eistandaard from the published rule semantics; it reproduces the findings of the
  official iStandaarden rule set 2.10.5 (XSLT 1.0) in linear time.

  - Elements are matched by local name, so one module serves iWmo and iJw, any prefix and a
    default namespace.
  - Locations are local-name paths from the root with [n] only where same-named siblings exist.
    The [n] are counted among at most ei:few siblings, or looked up in one grouping pass that
    numbers the children of larger parents per name (ei:positions), so no location scans a long
    run of siblings.
  - Every rule is one pass over the elements it concerns, with grouping or keys instead of
    sibling scans; its findings are output elements, never xsl:message.
  - Value tests follow the XPath 1.0 behaviour of the official set: the value of the first
    element that has text (all its text nodes joined, ei:text), dates compared as numbers after
    removing '-', amounts compared as numbers.

  A message module (declaratie / antwoord) defines the named template ei:rules.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:math="http://www.w3.org/2005/xpath-functions/math"
    xmlns:ei="urn:eistandaard:xslt"
    xmlns="urn:eistandaard:findings:1"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <!-- The date rules comparing with "today" would use; none of the 3.2 XSLT rules does yet. -->
  <xsl:param name="peildatum" as="xs:date" select="current-date()"/>

  <!-- ===================================================================== locations -->

  <xsl:variable name="ei:root" as="element()?" select="/*"/>

  <!--
    Positions of the elements that have same-named siblings: generate-id -> [n]. One pass finds
    the parents with a repeated child name (an element whose earlier sibling has its name; the
    sibling test stops at the first hit and repeats are adjacent in schema-valid messages); only
    their children are numbered. An element missing here is the only one of its name.
    A global variable is evaluated on first use: only a location under a parent of more than
    ei:few children (ei:step) builds it, so a message whose findings lie under small parents
    never pays for this pass over every element.
  -->
  <xsl:variable name="ei:positions" as="map(xs:string, xs:integer)">
    <xsl:map>
      <xsl:for-each select="(for $e in $ei:root//* return $e[preceding-sibling::*[local-name() = local-name($e)]])/..">
        <xsl:for-each-group select="*" group-by="local-name()">
          <xsl:if test="count(current-group()) gt 1">
            <xsl:for-each select="current-group()">
              <xsl:map-entry key="generate-id()" select="position()"/>
            </xsl:for-each>
          </xsl:if>
        </xsl:for-each-group>
      </xsl:for-each>
    </xsl:map>
  </xsl:variable>

  <!--
    How many element children a parent may have for ei:step to count an element's same-named
    siblings directly (a bounded scan) instead of looking it up in ei:positions.
  -->
  <xsl:variable name="ei:few" as="xs:integer" select="32"/>

  <!--
    One step of a location: '/' and the local name, with '[n]' when the element has a same-named
    sibling (n counts those before it, plus one). Under a parent of at most ei:few children the
    siblings are counted here; under a larger one (Clienten, Prestaties of a large message) the
    number comes from ei:positions, so that many findings stay linear in the message size.
  -->
  <xsl:function name="ei:step" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="name" as="xs:string" select="local-name($e)"/>
    <xsl:sequence select="
        if (exists($e/../*[$ei:few + 1])) then
          '/' || $name || (for $n in $ei:positions(generate-id($e)) return '[' || $n || ']')
        else if (exists($e/preceding-sibling::*[local-name() eq $name])
            or exists($e/following-sibling::*[local-name() eq $name])) then
          '/' || $name || '[' || count($e/preceding-sibling::*[local-name() eq $name]) + 1 || ']'
        else '/' || $name"/>
  </xsl:function>

  <!-- The location of an element: its local-name path from the root, [n] where names repeat. -->
  <xsl:function name="ei:path" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="string-join(for $e in $element/ancestor-or-self::* return ei:step($e), '')"/>
  </xsl:function>

  <!-- One finding; the locations are the given elements in document order, without repeats. -->
  <xsl:function name="ei:finding" as="element()">
    <xsl:param name="rule" as="xs:string"/>
    <xsl:param name="class" as="xs:string"/>
    <xsl:param name="elements" as="element()*"/>
    <finding rule="{$rule}" class="{$class}">
      <xsl:for-each select="$elements/.">
        <location>{ei:path(.)}</location>
      </xsl:for-each>
    </finding>
  </xsl:function>

  <!-- ==================================================================== value tests -->

  <!--
    The value of the first element that has text, as the official set reads "element/text()":
    all its text nodes joined, so a comment or processing instruction inside a value never hides
    part of it (the intake removes them; this stays right if one reaches the rules anyway).
  -->
  <xsl:function name="ei:text" as="xs:string">
    <xsl:param name="elements" as="element()*"/>
    <xsl:sequence select="string-join(($elements[text()])[1]/text(), '')"/>
  </xsl:function>

  <!-- True when the element exists and its (first) text is not blank. -->
  <xsl:function name="ei:filled" as="xs:boolean">
    <xsl:param name="elements" as="element()*"/>
    <xsl:sequence select="normalize-space(ei:text($elements)) ne ''"/>
  </xsl:function>

  <!--
    XPath 1.0 number(), the version the official set declares: surrounding whitespace is ignored,
    then only an optional '-' and digits with an optional '.' (or '.' and digits) are a number.
    Everything else is NaN, also forms that XPath 3.0 number() reads and the XSD admits for
    xs:integer amounts and volumes: a leading '+' ('+100'); and '1E2', 'INF'. NaN compares false
    and turns a sum into NaN (docs/rules.md, "XSLT 1.0 numbers").
  -->
  <xsl:function name="ei:number" as="xs:double">
    <xsl:param name="value" as="item()?"/>
    <xsl:sequence select="ei:number-of(string($value))"/>
  </xsl:function>

  <!--
    ei:number of a string. XPath 3.0 number() reads every XPath 1.0 number alike (the same
    whitespace, digits, '.' and '-'); what it reads beyond them always holds '+', an exponent
    'e'/'E', or 'INF'/'NaN', and those strings are never an XPath 1.0 number. So a string of
    nothing but digits, '.', '-' and whitespace, with at least one digit, is read by number();
    any other string is NaN without asking number(), which finds that out slowly (about 2
    microseconds in SaxonC, against 0.05 for a number). No regex: this is called for every
    amount and date.
  -->
  <xsl:function name="ei:number-of" as="xs:double">
    <xsl:param name="text" as="xs:string"/>
    <xsl:sequence select="
        if (translate($text, '0123456789.-&#9;&#10;&#13; ', '') eq ''
            and translate($text, '0123456789', '') ne $text)
        then number($text) else $ei:NaN"/>
  </xsl:function>

  <xsl:variable name="ei:NaN" as="xs:double" select="number('NaN')"/>

  <!-- A date string as the number yyyymmdd (NaN when it is not one). -->
  <xsl:function name="ei:date-number" as="xs:double">
    <xsl:param name="date" as="xs:string"/>
    <xsl:sequence select="ei:number-of(translate($date, '-', ''))"/>
  </xsl:function>

  <!--
    The official "checkafter": fails when either element is missing or when the date of $later
    is before the date of $earlier (the first 10 characters of $later count). It is
    ei:after-limit with the limit ei:limit($later); a rule that compares many dates with one
    later date (the Dagtekening of the message, the end of the DeclaratiePeriode) reads that
    date once with ei:limit and calls ei:after-limit for each.
  -->
  <xsl:function name="ei:not-after" as="xs:boolean">
    <xsl:param name="later" as="element()*"/>
    <xsl:param name="earlier" as="element()*"/>
    <xsl:sequence select="ei:after-limit(ei:limit($later), $earlier)"/>
  </xsl:function>

  <!--
    The later date of ei:not-after as a number: the first 10 characters of the text of $later
    (as ei:text reads it) as yyyymmdd, NaN when that is no number, empty when $later is.
  -->
  <xsl:function name="ei:limit" as="xs:double?">
    <xsl:param name="later" as="element()*"/>
    <xsl:sequence select="if (empty($later)) then ()
        else ei:date-number(substring(string-join(($later[text()])[1]/text(), ''), 1, 10))"/>
  </xsl:function>

  <!--
    ei:not-after of a later date read by ei:limit: true when $limit or $earlier is empty, or
    the date of $earlier is after $limit (NaN on either side compares false). The text of
    $earlier is read as ei:text does, written out: this runs for every date of every period.
  -->
  <xsl:function name="ei:after-limit" as="xs:boolean">
    <xsl:param name="limit" as="xs:double?"/>
    <xsl:param name="earlier" as="element()*"/>
    <xsl:sequence select="empty($limit) or empty($earlier)
        or ei:date-number(string-join(($earlier[text()])[1]/text(), '')) gt $limit"/>
  </xsl:function>

  <!-- XPath 1.0 numbers of node values, NaN for non-numbers (never a cast error). -->
  <xsl:function name="ei:numbers" as="xs:double*">
    <xsl:param name="elements" as="element()*"/>
    <xsl:sequence select="for $e in $elements return ei:number($e)"/>
  </xsl:function>

  <!-- ============================================================== date arithmetic -->

  <!--
    Normalise a yyyymmdd number whose day or month overflowed, as the official set does: a day
    beyond the month end either carries into the next month or is cut to the month end; a month
    above 12 carries into the next year; repeated until stable. February has 29 days in every
    year divisible by 4.
  -->
  <xsl:function name="ei:adjust-date" as="xs:double">
    <xsl:param name="date" as="xs:double"/>
    <xsl:param name="truncate" as="xs:boolean"/>
    <xsl:variable name="day" select="$date mod 100"/>
    <xsl:variable name="month" select="floor($date div 100) mod 100"/>
    <xsl:variable name="year" select="floor($date div 10000) mod 10000"/>
    <xsl:variable name="last" as="xs:double?" select="
        if ($month = (4, 6, 9, 11)) then 30
        else if ($month = (1, 3, 5, 7, 8, 10, 12)) then 31
        else if ($month = 2) then (if ($year mod 4 = 0) then 29 else 28)
        else ()"/>
    <xsl:variable name="day-fixed" as="xs:double" select="
        if (exists($last) and $day gt $last)
        then (if ($truncate) then $date - $day + $last else $date - $last + 100)
        else $date"/>
    <xsl:variable name="fixed" as="xs:double" select="
        if (floor($day-fixed div 100) mod 100 gt 12) then $day-fixed - 1200 + 10000 else $day-fixed"/>
    <xsl:sequence select="if ($fixed = $date or $date ne $date) then $date else ei:adjust-date($fixed, $truncate)"/>
  </xsl:function>

  <!-- yyyymmdd plus a number of months (negative: back), then normalised. -->
  <xsl:function name="ei:add-months" as="xs:double">
    <xsl:param name="date" as="xs:double"/>
    <xsl:param name="months" as="xs:integer"/>
    <xsl:param name="truncate" as="xs:boolean"/>
    <xsl:sequence select="
        if ($months lt 0) then ei:add-months($date - 10000, $months + 12, $truncate)
        else if ($months gt 12) then ei:add-months($date + 10000, $months - 12, $truncate)
        else ei:adjust-date($date + 100 * $months, $truncate)"/>
  </xsl:function>

  <!-- A number written digit by digit, as the official set prints a computed total. -->
  <xsl:function name="ei:format-number" as="xs:string">
    <xsl:param name="value" as="xs:double"/>
    <xsl:sequence select="
        if ($value lt 0) then '-' || ei:digits(-$value)
        else if ($value = 0) then '0'
        else ei:digits($value)"/>
  </xsl:function>

  <xsl:function name="ei:digits" as="xs:string">
    <xsl:param name="value" as="xs:double"/>
    <xsl:sequence select="if ($value gt 0) then ei:digits(floor($value div 10)) || string($value mod 10) else ''"/>
  </xsl:function>

  <!-- ======================================================================= driver -->

  <xsl:template match="/">
    <findings>
      <xsl:if test="exists($ei:root)">
        <xsl:call-template name="ei:rules"/>
      </xsl:if>
    </findings>
  </xsl:template>

  <!--
    The classes of a schema-valid 323/325 message, reached by child steps (the official set
    matches them anywhere, but the schema allows them only here).
  -->
  <xsl:variable name="ei:clienten" as="element()*" select="$ei:root/*/*:Clienten"/>
  <xsl:variable name="ei:clients" as="element()*" select="$ei:clienten/*:Client"/>
  <xsl:variable name="ei:prestaties-lists" as="element()*" select="$ei:clients/*:Prestaties"/>
  <xsl:variable name="ei:prestaties" as="element()*" select="$ei:prestaties-lists/*:Prestatie"/>
  <xsl:variable name="ei:productperiodes" as="element()*" select="$ei:prestaties/*:ProductPeriode"/>

  <xsl:variable name="ei:header-dagtekening" as="element()*"
      select="$ei:root/*:Header/*:BerichtIdentificatie/*:Dagtekening"/>
  <!-- The Dagtekening as ei:limit reads it: TR134 and TR137 compare every date with it. -->
  <xsl:variable name="ei:header-limit" as="xs:double?" select="ei:limit($ei:header-dagtekening)"/>

  <!-- ============================================================ rules of 323 and 325 -->

  <!-- CS002: a Bsn must pass the 11-proef. -->
  <xsl:template name="ei:CS002">
    <xsl:for-each select="$ei:clients/*:Bsn">
      <xsl:variable name="n" as="xs:double" select="ei:number(ei:text(.))"/>
      <xsl:variable name="sum" as="xs:double" select="sum(
          for $i in 0 to 8 return (if ($i = 0) then -1 else $i + 1) * (floor($n div math:pow(10, $i)) mod 10))"/>
      <xsl:if test="not($sum mod 11 = 0)">
        <xsl:sequence select="ei:finding('CS002', 'Client', .)"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- CS325: an amount of 0 must be debit (D), not credit. -->
  <xsl:template name="ei:CS325">
    <xsl:for-each select="$ei:root/*/(*:TotaalIngediendBedrag | *:TotaalToegekendBedrag), $ei:prestaties/*:IngediendBedrag">
      <xsl:variable name="bedrag" as="element()*"
          select="if (starts-with(local-name(), 'Totaal')) then *:TotaalBedrag else *:Bedrag"/>
      <xsl:variable name="dc" as="element()*" select="*:DebetCredit"/>
      <xsl:if test="ei:numbers($bedrag) = 0 and normalize-space(string($dc[1])) = ('c', 'C')">
        <xsl:sequence select="ei:finding('CS325', if (local-name() = 'IngediendBedrag') then 'Prestatie' else 'Declaratie', ($bedrag, $dc))"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- CD060: VorigReferentieNummer filled exactly when the Prestatie is a credit. -->
  <xsl:template name="ei:CD060">
    <xsl:for-each select="$ei:prestaties">
      <xsl:variable name="dc" as="element()*" select="*:IngediendBedrag/*:DebetCredit"/>
      <xsl:variable name="vorig" as="element()*" select="*:ProductReferentie/*:VorigReferentieNummer"/>
      <xsl:if test="(normalize-space(ei:text($dc)) = 'C') ne ei:filled($vorig)">
        <xsl:sequence select="ei:finding('CD060', 'Prestatie', ($dc, $vorig))"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!--
    TR101: no duplicate rows. Same-named siblings (Client in Clienten, Prestatie in Prestaties) with
    the same key form a group; a group of two or more gives one finding listing every member.
    A key part is the text of its element (read as ei:text does, written out: this runs for every
    row), or "absent" when the element is missing.
  -->
  <xsl:function name="ei:key-part" as="xs:string">
    <xsl:param name="owner" as="element()"/>
    <xsl:param name="elements" as="element()*"/>
    <xsl:sequence select="
        if (exists($elements/text())) then 'T' || string-join(($elements[text()])[1]/text(), '')
        else if (empty($elements)) then 'A'
        else 'E' || generate-id($owner)"/>
  </xsl:function>

  <xsl:template name="ei:TR101">
    <xsl:param name="containers" as="element()*"/>
    <xsl:param name="name" as="xs:string"/>
    <xsl:param name="class" as="xs:string"/>
    <xsl:for-each select="$containers">
      <xsl:for-each-group select="*[local-name() = $name]" group-by="ei:tr101-key(.)">
        <xsl:if test="count(current-group()) gt 1">
          <xsl:sequence select="ei:finding('TR101', $class, current-group())"/>
        </xsl:if>
      </xsl:for-each-group>
    </xsl:for-each>
  </xsl:template>

  <xsl:function name="ei:tr101-key" as="xs:string">
    <xsl:param name="row" as="element()"/>
    <xsl:sequence select="
        if (local-name($row) = 'Client') then ei:key-part($row, $row/*:Bsn)
        else if (local-name($row) = 'Prestatie') then
          ei:key-part($row, $row/*:ProductReferentie/*:ReferentieNummer) || '|'
          || ei:key-part($row, $row/*:ProductReferentie/*:VorigReferentieNummer)
        else if (local-name($row) = ('Declaratie', 'DeclaratieAntwoord')) then ei:key-part($row, $row/*:DeclaratieNummer)
        else generate-id($row)"/>
  </xsl:function>

  <!-- TR134: a Begindatum may not be after the Dagtekening of the message. -->
  <xsl:template name="ei:TR134">
    <xsl:param name="dates" as="element()*"/>
    <xsl:param name="class" as="xs:string"/>
    <xsl:for-each select="$dates">
      <xsl:if test="ei:after-limit($ei:header-limit, .)">
        <xsl:sequence select="ei:finding('TR134', $class, ($ei:header-dagtekening, .))"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- TR137: Einddatum not before Begindatum, and not after the Dagtekening of the message. -->
  <xsl:template name="ei:TR137">
    <xsl:param name="periods" as="element()*"/>
    <xsl:param name="class" as="xs:string"/>
    <xsl:for-each select="$periods">
      <xsl:variable name="begin" as="element()*" select="*:Begindatum"/>
      <xsl:variable name="end" as="element()*" select="*:Einddatum"/>
      <xsl:if test="ei:not-after($end, $begin)">
        <xsl:sequence select="ei:finding('TR137', $class, ($end, $begin))"/>
      </xsl:if>
      <xsl:if test="ei:after-limit($ei:header-limit, $end)">
        <xsl:sequence select="ei:finding('TR137', $class, ($ei:header-dagtekening, $end))"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

</xsl:stylesheet>
