<?xml version="1.0" encoding="UTF-8"?>
<!--
  eistandaard: relation rules (verbandcontroles) of the iWmo / iJw 3.2 messages other than the
  declaration: toewijzing (301), start and stop (305, 307), verzoek om toewijzing (315), verzoek
  om wijziging (317), antwoord (319) and the retour messages 302, 306, 308, 316, 318, 320.
  XSLT 3.0, include after istandaarden-3.2-core.xsl.

  Written for eistandaard from the published rule semantics; it reproduces the findings of the
  official iStandaarden rule set 2.10.5 (XSLT 1.0, see docs/rules.md). Every rule is a named
  template that walks only the elements it concerns (one pass each); duplicates and overlaps are
  found by grouping and keys within one list, never by scanning every preceding element.

  The entry stylesheet of a message (xslt/{iwmo,ijw}/3.2/<MESSAGE>.xsl) names the rules that can
  fire on that message in its template ei:rules.

  Value tests follow the official "testvalue" of the set:
    filled   - the text (ei:text: the first element with text), whitespace-normalised, is not empty;
    blank    - the element is absent or not filled;
    in(list) - that text, whitespace-normalised, is one of the list;
    exists   - the element is present (also when empty).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:ei="urn:eistandaard:xslt"
    xmlns="urn:eistandaard:findings:1"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- iJw (true) or iWmo (false): the two sets differ in CS050 and in the overlap rules. -->
  <xsl:variable name="ei:ijw" as="xs:boolean" select="contains(namespace-uri($ei:root), '/ijw/')"/>

  <!--
    Elements are selected with descendant steps by (local) name from the root, never the root
    itself: the official set does not check the root. Name tests are indexed by Saxon, so each
    selection is one fast pass.
  -->

  <!-- ================================================================ value tests -->

  <!-- The normalised first text of the elements ('' when absent). -->
  <xsl:function name="ei:value" as="xs:string">
    <xsl:param name="elements" as="element()*"/>
    <xsl:sequence select="normalize-space(ei:text($elements))"/>
  </xsl:function>

  <!-- The official "in list" test: the normalised first text is one of the values. -->
  <xsl:function name="ei:in" as="xs:boolean">
    <xsl:param name="elements" as="element()*"/>
    <xsl:param name="values" as="xs:string*"/>
    <xsl:sequence select="ei:value($elements) = $values"/>
  </xsl:function>

  <!-- A date element as the number yyyymmdd, XPath 1.0 style (NaN when absent or no date). -->
  <xsl:function name="ei:date-of" as="xs:double">
    <xsl:param name="elements" as="element()*"/>
    <xsl:sequence select="ei:date-number(ei:text($elements))"/>
  </xsl:function>

  <!-- The Dagtekening of the Header (BerichtIdentificatie), as the official set finds it. -->
  <xsl:variable name="ei:dagtekening" as="element()*"
      select="$ei:root/*:Header/*:BerichtIdentificatie/*:Dagtekening"/>

  <!-- ========================================================= Basisschema rules -->

  <!-- CS002 on every Bsn of the message (the official template matches Bsn anywhere). -->
  <xsl:template name="ei:any-CS002">
    <xsl:for-each select="$ei:root/descendant::*:Bsn">
      <xsl:variable name="n" as="xs:double" select="ei:number(ei:text(.))"/>
      <xsl:variable name="sum" as="xs:double" select="sum(
          for $i in 0 to 8 return (if ($i = 0) then -1 else $i + 1) * (floor($n div math:pow(10, $i)) mod 10))"
          xmlns:math="http://www.w3.org/2005/xpath-functions/math"/>
      <xsl:if test="not($sum mod 11 = 0)">
        <xsl:sequence select="ei:finding('CS002', 'Client', .)"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- CD005: a filled Postcode needs a LandCode, a filled LandCode a Postcode (Adres). -->
  <xsl:template name="ei:CD005">
    <xsl:for-each select="($ei:root/descendant::*:Postcode | $ei:root/descendant::*:LandCode)">
      <xsl:variable name="other" as="element()*"
          select="../*[local-name() = (if (local-name(current()) = 'Postcode') then 'LandCode' else 'Postcode')]"/>
      <xsl:if test="ei:filled(.) and not(ei:filled($other))">
        <xsl:sequence select="ei:finding('CD005', ei:class-of(.), (., $other))"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!--
    CD007: Taal is filled exactly when Vorm (Communicatie) is 1. The official set hangs this rule
    on the element holding Taal or Vorm in its dispatcher mode, so no other rule checks that
    element (docs/rules.md); no other rule concerns Communicatie anyway.
  -->
  <xsl:template name="ei:CD007">
    <xsl:for-each select="($ei:root/descendant::*:Taal | $ei:root/descendant::*:Vorm)/..">
      <xsl:if test="ei:filled(*:Taal) ne ei:in(*:Vorm, '1')">
        <xsl:sequence select="ei:finding('CD007', ei:class-of(.), (*:Taal, *:Vorm))"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- CD025: with LandCode NL the Huisnummer is filled. -->
  <xsl:template name="ei:CD025">
    <xsl:for-each select="$ei:root/descendant::*:LandCode">
      <xsl:if test="ei:in(., 'NL') and not(ei:filled(../*:Huis/*:Huisnummer))">
        <xsl:sequence select="ei:finding('CD025', ei:class-of(.), (., ../*:Huis/*:Huisnummer))"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- CS089: with LandCode NL the Postcode has the Dutch form (first text, not normalised). -->
  <xsl:template name="ei:CS089">
    <xsl:for-each select="$ei:root/descendant::*:LandCode">
      <xsl:if test="ei:in(., 'NL') and not(matches(ei:text(../*:Postcode), '^[1-9][0-9]{3}[a-zA-Z]{2}$'))">
        <xsl:sequence select="ei:finding('CS089', ei:class-of(.), (., ../*:Postcode))"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!--
    CS050: with a Partnernaam, NaamGebruik is 1, 2, 3 or 4; without one it is 1 (iWmo) or 1 or 6
    (iJw). Two separate tests, as in the official set.
  -->
  <xsl:template name="ei:CS050">
    <xsl:for-each select="$ei:root/descendant::*:NaamGebruik">
      <xsl:variable name="partner" as="element()*" select="../*:Partnernaam"/>
      <xsl:if test="exists($partner) and not(ei:in(., ('1', '2', '3', '4')))">
        <xsl:sequence select="ei:finding('CS050', ei:class-of(.), ($partner, .))"/>
      </xsl:if>
      <xsl:if test="empty($partner) and not(ei:in(., if ($ei:ijw) then ('1', '6') else '1'))">
        <xsl:sequence select="ei:finding('CS050', ei:class-of(.), .)"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!--
    CS139: Datum agrees with DatumGebruik (3: 1900-01-01; 2: 1 January; 1: a 1st). String
    comparisons as in the official set (any DatumGebruik equal, any Datum different).
  -->
  <xsl:template name="ei:CS139">
    <xsl:for-each select="$ei:root/descendant::*:DatumGebruik/..[*:Datum]">
      <xsl:variable name="gebruik" as="xs:string*" select="*:DatumGebruik/string()"/>
      <xsl:variable name="datum" as="xs:string" select="string(*:Datum[1])"/>
      <xsl:if test="($gebruik = '3' and *:Datum/string() != '1900-01-01')
          or (not($gebruik = '3' and *:Datum/string() != '1900-01-01') and $gebruik = '2'
              and substring-after($datum, '-') != '01-01')
          or (not($gebruik = '3' and *:Datum/string() != '1900-01-01')
              and not($gebruik = '2' and substring-after($datum, '-') != '01-01')
              and $gebruik = '1' and substring-after(substring-after($datum, '-'), '-') != '01')">
        <xsl:sequence select="ei:finding('CS139', ei:class-of(.), (*:Datum, *:DatumGebruik))"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!--
    TR002: a Geboortedatum (unless unknown: DatumGebruik 3 and 1900-01-01) is at most 120 years
    before the Dagtekening: yyyymmdd + 1200000 is not below the Dagtekening.
  -->
  <xsl:template name="ei:TR002">
    <xsl:for-each select="$ei:root/descendant::*:Geboortedatum/*:Datum">
      <xsl:if test="not(ei:text(../*:DatumGebruik) = '3' and ei:text(.) = '1900-01-01')
          and ei:date-number(string(.)) + 1200000 lt ei:date-number(substring(string($ei:dagtekening[1]), 1, 10))">
        <xsl:sequence select="ei:finding('TR002', ei:class-of(.), ($ei:dagtekening, .))"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!--
    The class of a finding: the nearest enclosing message class (Header, Client, Relatie,
    Contact, ToegewezenProduct ...); the classes of each message are listed here.
  -->
  <xsl:variable name="ei:classes" as="xs:string*" select="('Header', 'Client', 'Relatie', 'Contact',
      'ToegewezenProduct', 'StartProduct', 'StopProduct', 'AangevraagdProduct', 'Verzoek',
      'OngewijzigdProduct', 'TeWijzigenProduct', 'NieuwProduct', 'Antwoord', 'Beschikking')"/>

  <xsl:function name="ei:class-of" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="(for $a in reverse($element/ancestor-or-self::*) return local-name($a)[. = $ei:classes], 'Header')[1]"/>
  </xsl:function>

  <!-- ===================================================================== TR101 -->

  <!--
    TR101 on $rows (never children of the root: the official set does not check the root): rows of one parent with equal keys form a group; a group of
    two or more is one finding listing its members. $keys are the relative key paths
    ('Product/Code'); a key part is the first text, "absent", or (present but empty) unique.
  -->
  <xsl:template name="ei:TR101-rows">
    <xsl:param name="rows" as="element()*"/>
    <xsl:param name="keys" as="xs:string*"/>
    <xsl:for-each-group select="$rows[not(.. is $ei:root)]"
        group-by="generate-id(..) || '#' || string-join(for $k in $keys return ei:key-part(., ei:steps(., $k)), '|')">
      <xsl:if test="count(current-group()) gt 1">
        <xsl:sequence select="ei:finding('TR101', local-name(), current-group())"/>
      </xsl:if>
    </xsl:for-each-group>
  </xsl:template>

  <!-- The elements at a relative path of one or two local names ('Product/Code') below $row. -->
  <xsl:function name="ei:steps" as="element()*">
    <xsl:param name="row" as="element()"/>
    <xsl:param name="path" as="xs:string"/>
    <xsl:sequence select="if (contains($path, '/'))
        then ei:named(ei:named($row, substring-before($path, '/')), substring-after($path, '/'))
        else ei:named($row, $path)"/>
  </xsl:function>

  <!-- ============================================================= overlap rules -->

  <!--
    TR302 / TR386 / TR410: a product may repeat in one list only when the periods do not
    overlap. A pair matches on product when both codes and both categories are equal, or one
    code is missing and the categories are equal, or one of the two has neither code nor
    category (no Product). iWmo exempts categories 11-14 (hulpmiddelen); iJw does not. TR302
    ignores withdrawn toewijzingen (RedenWijziging 01 or 13 with Einddatum = Ingangsdatum).
    One finding per overlapping pair, naming both rows (the official set compares every row
    with every earlier sibling: the same pairs).

    Linear for realistic lists: rows with the same category and code are sorted by start and
    each is compared only with the following rows that start before it ends (a sweep: the
    comparisons are the overlaps plus one per row); the few rows without code or without
    Product are compared with the rows they can match.
  -->
  <xsl:variable name="ei:hulpmiddelen" as="xs:string*" select="('11', '12', '13', '14')"/>

  <xsl:template name="ei:overlap">
    <xsl:param name="rule" as="xs:string"/>
    <xsl:param name="rows" as="element()*"/>
    <xsl:param name="start" as="xs:string"/>
    <xsl:param name="end" as="xs:string"/>
    <xsl:for-each-group select="$rows[not($rule = 'TR302' and exists(*:RedenWijziging) and ei:withdrawn(.))]
        [$ei:ijw or not(normalize-space(string((*:Product/*:Categorie)[1])) = $ei:hulpmiddelen)]"
        group-by="generate-id(..)">
      <xsl:variable name="list" as="element()*" select="current-group()"/>
      <!--
        The names of the children of the list that end with $start / $end (the official field
        test), found once per list: the fields of a row are then its children of those names.
      -->
      <xsl:variable name="child-names" as="xs:string*" select="distinct-values($list/*/local-name())"/>
      <xsl:variable name="start-names" as="xs:string*" select="$child-names[ends-with(., $start)]"/>
      <xsl:variable name="end-names" as="xs:string*" select="$child-names[ends-with(., $end)]"/>
      <!--
        Rows with a category and a code: a sweep per (category, code); these rows all match on
        product. Rows of the same period (the same start and end, or no end) are one unit: they
        all overlap one another or none does, and every row of a unit overlaps a row of another
        unit exactly when the units' first rows do. The units are sorted by start (yyyymmdd as
        a number); each is compared with the following units until one starts after its end.
      -->
      <xsl:for-each-group select="$list[exists(*:Product/*:Categorie) and exists(*:Product/*:Code)]"
          group-by="string((*:Product/*:Categorie)[1]) || '|' || string((*:Product/*:Code)[1])">
        <xsl:if test="count(current-group()) gt 1">
          <xsl:variable name="units" as="map(*)*">
            <xsl:for-each-group select="current-group()" group-by="ei:period-key(., $start-names, $end-names)">
              <xsl:sequence select="map { 'rows': current-group(),
                  'start': number(translate(string(ei:named(., $start-names)[1]), '-', '')) }"/>
            </xsl:for-each-group>
          </xsl:variable>
          <xsl:variable name="sorted" as="map(*)*" select="sort($units, (), function($unit) { $unit?start })"/>
          <xsl:for-each select="$sorted">
            <xsl:variable name="u" as="map(*)" select="."/>
            <xsl:variable name="a" as="element()" select="head($u?rows)"/>
            <xsl:if test="count($u?rows) gt 1 and ei:overlaps($a, $a, $start, $end)">
              <xsl:sequence select="ei:pair-findings($rule, $u?rows, ())"/>
            </xsl:if>
            <xsl:variable name="a-end" as="element()?" select="ei:named($a, $end-names)[1]"/>
            <xsl:variable name="a-end-date" as="xs:double" select="number(translate(string($a-end), '-', ''))"/>
            <xsl:iterate select="subsequence($sorted, position() + 1)">
              <xsl:choose>
                <xsl:when test="exists($a-end) and .?start gt $a-end-date">
                  <xsl:break/>
                </xsl:when>
                <xsl:when test="ei:overlaps($a, head(.?rows), $start, $end)">
                  <xsl:sequence select="ei:pair-findings($rule, $u?rows, .?rows)"/>
                </xsl:when>
              </xsl:choose>
            </xsl:iterate>
          </xsl:for-each>
        </xsl:if>
      </xsl:for-each-group>
      <!--
        Rows without code (or without Product): compared with every row they can match. Rows
        alike in product and period are again one unit (they match and overlap the same rows).
      -->
      <xsl:variable name="uncoded" as="element()*" select="$list[empty(*:Product/*:Code)]"/>
      <xsl:if test="exists($uncoded)">
        <xsl:variable name="loose" as="map(*)*" select="ei:units($uncoded, $start-names, $end-names)"/>
        <xsl:variable name="coded" as="map(*)*"
            select="ei:units($list[exists(*:Product/*:Code)], $start-names, $end-names)"/>
        <xsl:for-each select="$loose">
          <xsl:variable name="u" as="map(*)" select="."/>
          <xsl:variable name="a" as="element()" select="head($u?rows)"/>
          <xsl:if test="count($u?rows) gt 1 and ei:overlaps($a, $a, $start, $end)">
            <xsl:sequence select="ei:pair-findings($rule, $u?rows, ())"/>
          </xsl:if>
          <xsl:for-each select="subsequence($loose, position() + 1), $coded">
            <xsl:if test="ei:same-product($a, head(.?rows)) and ei:overlaps($a, head(.?rows), $start, $end)">
              <xsl:sequence select="ei:pair-findings($rule, $u?rows, .?rows)"/>
            </xsl:if>
          </xsl:for-each>
        </xsl:for-each>
      </xsl:if>
    </xsl:for-each-group>
  </xsl:template>

  <xsl:function name="ei:same-product" as="xs:boolean">
    <xsl:param name="a" as="element()"/>
    <xsl:param name="b" as="element()"/>
    <xsl:variable name="ac" as="element()*" select="$a/*:Product/*:Code"/>
    <xsl:variable name="bc" as="element()*" select="$b/*:Product/*:Code"/>
    <xsl:variable name="ak" as="element()*" select="$a/*:Product/*:Categorie"/>
    <xsl:variable name="bk" as="element()*" select="$b/*:Product/*:Categorie"/>
    <xsl:variable name="same-category" as="xs:boolean"
        select="exists($ak) and exists($bk) and $ak/string() = $bk/string()"/>
    <xsl:sequence select="(exists($ac) and exists($bc) and $ac/string() = $bc/string() and $same-category)
        or ((empty($ac) or empty($bc)) and $same-category)
        or (empty($ac) and empty($ak)) or (empty($bc) and empty($bk))"/>
  </xsl:function>

  <!--
    How many identical rows (one product, one period) are reported pair by pair, as the official
    set does (one finding per overlapping pair, naming both rows). A larger group of identical
    rows is reported as one finding naming all of them (and its overlap with another group as
    one finding naming the rows of both): the same rows with the same rule, in a number of
    findings that grows with the rows, not with their pairs (1,000 identical rows would be
    499,500 pairs).
  -->
  <xsl:variable name="ei:identical-rows-bound" as="xs:integer" select="10"/>

  <!-- The period of a row as a key: its first start and first end value (or no end at all). -->
  <xsl:function name="ei:period-key" as="xs:string">
    <xsl:param name="row" as="element()"/>
    <xsl:param name="start-names" as="xs:string*"/>
    <xsl:param name="end-names" as="xs:string*"/>
    <xsl:variable name="end" as="element()?" select="ei:named($row, $end-names)[1]"/>
    <xsl:sequence select="string(ei:named($row, $start-names)[1]) || '|'
        || (if (exists($end)) then 'E' || string($end) else 'N')"/>
  </xsl:function>

  <!--
    Rows alike in product (every Categorie and Code value, and whether there are any) and in
    period, as units: map { 'rows': the rows in document order }, in document order of their
    first rows.
  -->
  <xsl:function name="ei:units" as="map(*)*">
    <xsl:param name="rows" as="element()*"/>
    <xsl:param name="start-names" as="xs:string*"/>
    <xsl:param name="end-names" as="xs:string*"/>
    <xsl:for-each-group select="$rows" group-by="string-join(*:Product/*:Categorie, ',') || '#'
        || count(*:Product/*:Categorie) || '#' || string-join(*:Product/*:Code, ',') || '#'
        || count(*:Product/*:Code) || '#' || ei:period-key(., $start-names, $end-names)">
      <xsl:sequence select="map { 'rows': current-group() }"/>
    </xsl:for-each-group>
  </xsl:function>

  <!--
    The findings of overlapping rows: the pairs within $a (when $b is empty) or between $a and
    $b, one finding per pair; one finding naming every row when a group has more rows than
    ei:identical-rows-bound.
  -->
  <xsl:function name="ei:pair-findings" as="element()*">
    <xsl:param name="rule" as="xs:string"/>
    <xsl:param name="a" as="element()+"/>
    <xsl:param name="b" as="element()*"/>
    <xsl:variable name="class" as="xs:string" select="local-name(head($a))"/>
    <xsl:choose>
      <xsl:when test="count($a) gt $ei:identical-rows-bound or count($b) gt $ei:identical-rows-bound">
        <xsl:sequence select="ei:finding($rule, $class, ($a, $b))"/>
      </xsl:when>
      <xsl:when test="empty($b)">
        <xsl:for-each select="$a">
          <xsl:variable name="i" as="xs:integer" select="position()"/>
          <xsl:variable name="x" as="element()" select="."/>
          <xsl:for-each select="subsequence($a, $i + 1)">
            <xsl:sequence select="ei:finding($rule, $class, ($x, .))"/>
          </xsl:for-each>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise>
        <xsl:for-each select="$a">
          <xsl:variable name="x" as="element()" select="."/>
          <xsl:for-each select="$b">
            <xsl:sequence select="ei:finding($rule, $class, ($x, .))"/>
          </xsl:for-each>
        </xsl:for-each>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- The official isPeriodOverlay: the fields are the children whose name ends with $start / $end. -->
  <xsl:function name="ei:overlaps" as="xs:boolean">
    <xsl:param name="a" as="element()"/>
    <xsl:param name="b" as="element()"/>
    <xsl:param name="start" as="xs:string"/>
    <xsl:param name="end" as="xs:string"/>
    <xsl:variable name="a-start" as="element()*" select="$a/*[ends-with(local-name(), $start)]"/>
    <xsl:variable name="a-end" as="element()*" select="$a/*[ends-with(local-name(), $end)]"/>
    <xsl:variable name="b-start" as="element()*" select="$b/*[ends-with(local-name(), $start)]"/>
    <xsl:variable name="b-end" as="element()*" select="$b/*[ends-with(local-name(), $end)]"/>
    <xsl:variable name="as" as="xs:double" select="ei:date-number(string($a-start[1]))"/>
    <xsl:variable name="ae" as="xs:double" select="ei:date-number(string($a-end[1]))"/>
    <xsl:variable name="bs" as="xs:double" select="ei:date-number(string($b-start[1]))"/>
    <xsl:variable name="be" as="xs:double" select="ei:date-number(string($b-end[1]))"/>
    <xsl:sequence select="
        if (exists($a-end) and exists($b-end)) then not($ae lt $bs or $be lt $as)
        else if (exists($a-end)) then $ae ge $bs
        else if (exists($b-end)) then $be ge $as
        else true()"/>
  </xsl:function>

  <!-- A withdrawn toewijzing (TR302): RedenWijziging 01 or 13 and Einddatum equal to Ingangsdatum. -->
  <xsl:function name="ei:withdrawn" as="xs:boolean">
    <xsl:param name="row" as="element()"/>
    <xsl:sequence select="ei:text($row/*:RedenWijziging) = ('01', '13') and exists($row/*:Einddatum)
        and normalize-space(ei:text($row/*:Einddatum)) != ''
        and translate(ei:text($row/*:Ingangsdatum), '-', '') = translate(ei:text($row/*:Einddatum), '-', '')"/>
  </xsl:function>

  <!-- ====================================================== product rows, one pass -->

  <!--
    A finding of $rule when the message's entry stylesheet lists it in $rules (the shared
    product-row pass serves 301, 315 and 317, which differ in their rules).
  -->
  <xsl:function name="ei:finding-if" as="element()?">
    <xsl:param name="rules" as="xs:string*"/>
    <xsl:param name="rule" as="xs:string?"/>
    <xsl:param name="class" as="xs:string"/>
    <xsl:param name="elements" as="element()*"/>
    <xsl:sequence select="if (exists($rule) and $rule = $rules) then ei:finding($rule, $class, $elements) else ()"/>
  </xsl:function>

  <!--
    The rules on one product row (ToegewezenProduct, AangevraagdProduct, TeWijzigenProduct,
    NieuwProduct), all in one pass over the rows; $rules names those of the message:
      CD041          a filled Product/Code needs an Omvang;
      CD075          a filled Budget needs a filled end date ($end);
      CD076          Frequentie 2 (per week) needs a filled end date;
      CD077 / CD078  a filled Budget excludes an Omvang / an Omvang excludes a Budget;
      CD079          without a filled Budget the row has a Product;
      CD080 / CD095 / CD096   with the end date absent or after 2020-12-31, an Omvang needs a
                     filled Product/Code;
      CS003          the end date is not before the start date ($begin; missing fails too);
      CS335 / CS336  RedenWijziging 13 only with Ingangsdatum = Einddatum (text) / never 01;
      CS338 / CS343  with the end date absent or after 2020-12-31, Eenheid 14, 16, 83 or 84
                     needs Frequentie 2, 4 or 6.
  -->
  <!--
    The children of $parents named one of $names (any namespace), in document order: the same as
    $parents/*[local-name() = $names], with a name test when it is one of the names the rules use
    (a name test is much faster than comparing the local name of every child).
  -->
  <xsl:function name="ei:named" as="element()*">
    <xsl:param name="parents" as="element()*"/>
    <xsl:param name="names" as="xs:string*"/>
    <xsl:sequence select="if (count($names) eq 1) then ei:named-one($parents, $names)
        else $parents/*[local-name() = $names]"/>
  </xsl:function>

  <xsl:function name="ei:named-one" as="element()*">
    <xsl:param name="parents" as="element()*"/>
    <xsl:param name="name" as="xs:string"/>
    <xsl:sequence select="
        if ($name = 'Einddatum') then $parents/*:Einddatum
        else if ($name = 'Ingangsdatum') then $parents/*:Ingangsdatum
        else if ($name = 'ToewijzingNummer') then $parents/*:ToewijzingNummer
        else if ($name = 'Begindatum') then $parents/*:Begindatum
        else if ($name = 'Product') then $parents/*:Product
        else if ($name = 'Categorie') then $parents/*:Categorie
        else if ($name = 'Code') then $parents/*:Code
        else if ($name = 'ToewijzingIngangsdatum') then $parents/*:ToewijzingIngangsdatum
        else if ($name = 'ToewijzingEinddatum') then $parents/*:ToewijzingEinddatum
        else if ($name = 'GewensteIngangsdatum') then $parents/*:GewensteIngangsdatum
        else if ($name = 'RedenBeeindiging') then $parents/*:RedenBeeindiging
        else if ($name = 'ReferentieAanbieder') then $parents/*:ReferentieAanbieder
        else if ($name = 'Nummer') then $parents/*:Nummer
        else if ($name = 'Soort') then $parents/*:Soort
        else $parents/*[local-name() = $name]"/>
  </xsl:function>

  <xsl:template name="ei:product-rows">
    <xsl:param name="rows" as="element()*"/>
    <xsl:param name="rules" as="xs:string*"/>
    <xsl:param name="begin" as="xs:string"/>
    <xsl:param name="end" as="xs:string"/>
    <xsl:variable name="omvang-rule" as="xs:string?" select="$rules[. = ('CD080', 'CD095', 'CD096')][1]"/>
    <xsl:variable name="eenheid-rule" as="xs:string?" select="$rules[. = ('CS338', 'CS343')][1]"/>
    <xsl:for-each select="$rows">
      <xsl:variable name="class" as="xs:string" select="local-name()"/>
      <xsl:variable name="code" as="element()*" select="*:Product/*:Code"/>
      <xsl:variable name="has-code" as="xs:boolean" select="ei:filled($code)"/>
      <xsl:variable name="omvang" as="element()*" select="*:Omvang"/>
      <xsl:variable name="budget" as="element()*" select="*:Budget"/>
      <xsl:variable name="einde" as="element()*" select="ei:named(., $end)"/>
      <xsl:variable name="has-einde" as="xs:boolean" select="ei:filled($einde)"/>
      <xsl:variable name="recent" as="xs:boolean" select="empty($einde) or ei:date-of($einde) gt 20201231"/>
      <!--
        The usual row (an Omvang, no Budget, a Product with a filled Code, a filled end date, no
        RedenWijziging) can only fail CS003 and CS338/CS343: the tests of the other rules are
        skipped for it (the same findings, in the same order).
      -->
      <xsl:variable name="usual" as="xs:boolean" select="exists($omvang) and empty($budget)
          and exists(*:Product) and empty(*:RedenWijziging) and $has-code and $has-einde"/>
      <xsl:if test="not($usual)">
      <xsl:if test="$has-code and empty($omvang)">
        <xsl:sequence select="ei:finding-if($rules, 'CD041', $class, ($code, $omvang))"/>
      </xsl:if>
      <xsl:for-each select="$budget[ei:filled(.)]">
        <xsl:if test="not($has-einde)">
          <xsl:sequence select="ei:finding-if($rules, 'CD075', $class, (., $einde))"/>
        </xsl:if>
        <xsl:if test="exists($omvang)">
          <xsl:sequence select="ei:finding-if($rules, 'CD077', $class, (., $omvang))"/>
        </xsl:if>
      </xsl:for-each>
      <xsl:for-each select="$omvang">
        <xsl:if test="not($has-einde) and ei:in(*:Frequentie, '2')">
          <xsl:sequence select="ei:finding-if($rules, 'CD076', $class, (*:Frequentie, $einde))"/>
        </xsl:if>
        <xsl:if test="exists($budget)">
          <xsl:sequence select="ei:finding-if($rules, 'CD078', $class, (., $budget))"/>
        </xsl:if>
        <xsl:if test="$recent and not($has-code)">
          <xsl:sequence select="ei:finding-if($rules, $omvang-rule, $class, (., $code, $einde))"/>
        </xsl:if>
      </xsl:for-each>
      <xsl:if test="not(ei:filled($budget)) and empty(*:Product)">
        <xsl:sequence select="ei:finding-if($rules, 'CD079', $class, ($budget, .))"/>
      </xsl:if>
      </xsl:if>
      <xsl:for-each select="$einde">
        <xsl:variable name="start" as="element()*" select="ei:named(.., $begin)"/>
        <xsl:if test="ei:not-after(., $start)">
          <xsl:sequence select="ei:finding-if($rules, 'CS003', $class, (., $start))"/>
        </xsl:if>
      </xsl:for-each>
      <xsl:if test="not($usual) and ei:text(*:RedenWijziging) = '13' and exists(*:Ingangsdatum) and exists($einde/text())
          and string(*:Ingangsdatum[1]) != ei:text($einde)">
        <xsl:sequence select="ei:finding-if($rules, 'CS335', $class, (*:Ingangsdatum, $einde))"/>
      </xsl:if>
      <xsl:for-each select="*:RedenWijziging[not($usual)][ei:in(., '01')]">
        <xsl:sequence select="ei:finding-if($rules, 'CS336', $class, .)"/>
      </xsl:for-each>
      <xsl:if test="$recent">
        <xsl:for-each select="descendant::*:Omvang/*:Eenheid">
          <xsl:if test="ei:in(., ('14', '16', '83', '84')) and not(ei:in(../*:Frequentie, ('2', '4', '6')))">
            <xsl:sequence select="ei:finding-if($rules, $eenheid-rule, $class, (., ../*:Frequentie, $einde))"/>
          </xsl:if>
        </xsl:for-each>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- ============================================================ 301 toewijzing -->

  <xsl:variable name="ei:toegewezen" as="element()*" select="$ei:root/descendant::*:ToegewezenProduct"/>
  <xsl:variable name="ei:contacts" as="element()*" select="$ei:root/descendant::*:Contact"/>

  <!-- CD009: a Periode of a Contact only with Soort 04 (tijdelijk adres). -->
  <xsl:template name="ei:CD009">
    <xsl:for-each select="$ei:contacts/*:Periode">
      <xsl:if test="not(ei:in(../*:Soort, '04'))">
        <xsl:sequence select="ei:finding('CD009', 'Contact', (., ../*:Soort))"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- CD034: with Soort 01 or 03 the Adres has a filled Postcode. -->
  <xsl:template name="ei:CD034">
    <xsl:for-each select="$ei:contacts">
      <xsl:if test="ei:in(*:Soort, ('01', '03')) and not(ei:filled(*:Adres/*:Postcode))">
        <xsl:sequence select="ei:finding('CD034', 'Contact', (*:Soort, *:Adres/*:Postcode))"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- CS003: an end date is not before its begin date (a missing begin date fails too). -->
  <xsl:template name="ei:CS003">
    <xsl:param name="ends" as="element()*"/>
    <xsl:param name="begin" as="xs:string"/>
    <xsl:for-each select="$ends">
      <xsl:variable name="start" as="element()*" select="ei:named(.., $begin)"/>
      <xsl:if test="ei:not-after(., $start)">
        <xsl:sequence select="ei:finding('CS003', ei:class-of(.), (., $start))"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="ei:CS003-301">
    <xsl:call-template name="ei:CS003">
      <xsl:with-param name="ends" select="$ei:root/descendant::*:Beschikking/*:Einddatum"/>
      <xsl:with-param name="begin" select="'Ingangsdatum'"/>
    </xsl:call-template>
    <xsl:call-template name="ei:CS003">
      <xsl:with-param name="ends" select="$ei:contacts/*:Periode/*:Einddatum"/>
      <xsl:with-param name="begin" select="'Begindatum'"/>
    </xsl:call-template>
  </xsl:template>

  <!-- CS318 (iJw): NaamGebruik 6 (niet-natuurlijk persoon) is not used for the Client. -->
  <xsl:template name="ei:CS318">
    <xsl:for-each select="$ei:root/descendant::*:Client/*:Naam/*:NaamGebruik">
      <xsl:if test="ei:in(., '6')">
        <xsl:sequence select="ei:finding('CS318', 'Client', .)"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!--
    TR006: a Contact has a Telefoon, or an Adres with Huis and Postcode: two tests (Huis, then
    Postcode), each naming only the Contact.
  -->
  <xsl:template name="ei:TR006">
    <xsl:for-each select="$ei:contacts">
      <xsl:if test="empty(*:Telefoon) and empty(*:Adres/*:Huis)">
        <xsl:sequence select="ei:finding('TR006', 'Contact', .)"/>
      </xsl:if>
      <xsl:if test="empty(*:Telefoon) and empty(*:Adres/*:Postcode)">
        <xsl:sequence select="ei:finding('TR006', 'Contact', .)"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- TR061: the Contactgegevens of a Client hold a Contact with Soort 01, 02 or 03. -->
  <xsl:template name="ei:TR061">
    <xsl:for-each select="$ei:root/descendant::*:Client/*:Contactgegevens">
      <xsl:if test="not(*:Contact/*:Soort[ei:text(.) = ('01', '02', '03')])">
        <xsl:sequence select="ei:finding('TR061', 'Client', (*:Contact, .[empty(*:Contact)]))"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- TR134 on the dates of a message that may not lie after the Header Dagtekening. -->
  <xsl:template name="ei:TR134-dates">
    <xsl:param name="dates" as="element()*"/>
    <!-- The official "checkafter" with the Dagtekening read once: the first 10 characters count. -->
    <xsl:variable name="dag" as="xs:double" select="ei:date-number(substring(ei:text($ei:dagtekening), 1, 10))"/>
    <xsl:for-each select="$dates">
      <xsl:if test="empty($ei:dagtekening) or ei:date-of(.) gt $dag">
        <xsl:sequence select="ei:finding('TR134', ei:class-of(.), ($ei:dagtekening, .))"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- Geboortedatum/Datum of a Client (301, 305, 307, 315) or Relatie (301). -->
  <xsl:variable name="ei:geboortedata" as="element()*"
      select="($ei:root/descendant::*:Client | $ei:root/descendant::*:Relatie)/*:Geboortedatum/*:Datum"/>

  <!-- ======================================================== 305 / 307 start, stop -->

  <!-- CS058: StatusAanlevering of a StartProduct / StopProduct is 1 or 3. -->
  <xsl:template name="ei:CS058">
    <xsl:param name="rows" as="element()*"/>
    <xsl:for-each select="$rows/*:StatusAanlevering">
      <xsl:if test="not(ei:in(., ('1', '3')))">
        <xsl:sequence select="ei:finding('CS058', local-name(..), .)"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- TR018: the Einddatum of a StopProduct is not before its Begindatum. -->
  <xsl:template name="ei:TR018">
    <xsl:for-each select="$ei:root/descendant::*:StopProduct/*:Einddatum">
      <xsl:if test="ei:not-after(., ../*:Begindatum)">
        <xsl:sequence select="ei:finding('TR018', 'StopProduct', (., ../*:Begindatum))"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- ================================================ 315 verzoek om toewijzing -->

  <xsl:variable name="ei:aangevraagd" as="element()*" select="$ei:root/descendant::*:AangevraagdProduct"/>

  <!-- CD043: BeschikkingNummer and BeschikkingIngangsdatum are filled together. -->
  <xsl:template name="ei:CD043">
    <xsl:for-each select="$ei:aangevraagd">
      <xsl:if test="ei:filled(*:BeschikkingNummer) ne ei:filled(*:BeschikkingIngangsdatum)">
        <xsl:sequence select="ei:finding('CD043', 'AangevraagdProduct', (*:BeschikkingNummer, *:BeschikkingIngangsdatum))"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!--
    CD066 / CD067: for verwijzer Type 02-05, ZorgverlenerCode and Naam exclude each other
    (CD066: not both filled) and one is filled (CD067). CD068: for other Types ZorgverlenerCode
    stays empty.
  -->
  <xsl:template name="ei:CD066-CD068">
    <xsl:for-each select="$ei:aangevraagd/*:Verwijzer">
      <xsl:variable name="type" as="element()*" select="*:Type"/>
      <xsl:variable name="code" as="element()*" select="*:ZorgverlenerCode"/>
      <xsl:variable name="naam" as="element()*" select="*:Naam"/>
      <xsl:variable name="arts" as="xs:boolean" select="ei:in($type, ('02', '03', '04', '05'))"/>
      <xsl:if test="$arts and ei:filled($code) and ei:filled($naam)">
        <xsl:sequence select="ei:finding('CD066', 'AangevraagdProduct', ($code, $naam, $type))"/>
      </xsl:if>
      <xsl:if test="$arts and not(ei:filled($code)) and not(ei:filled($naam))">
        <xsl:sequence select="ei:finding('CD067', 'AangevraagdProduct', ($code, $naam, $type))"/>
      </xsl:if>
      <xsl:if test="not($arts) and ei:filled($code)">
        <xsl:sequence select="ei:finding('CD068', 'AangevraagdProduct', ($type, $code))"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!--
    TR383: the ReferentieAanbieder of an AangevraagdProduct does not repeat an earlier one in
    the same list: one finding per earlier equal one (raw text of the earlier, normalised text
    of this one), naming the earlier ReferentieAanbieder.
  -->
  <xsl:key name="ei:referentie-aanbieder" match="*:AangevraagdProduct/*:ReferentieAanbieder"
      use="generate-id(../..) || '|' || ei:text(.)"/>

  <xsl:template name="ei:TR383">
    <xsl:for-each select="$ei:aangevraagd">
      <xsl:variable name="this" as="element()" select="."/>
      <xsl:for-each select="key('ei:referentie-aanbieder', generate-id(..) || '|' || ei:value(*:ReferentieAanbieder))[.. &lt;&lt; $this]">
        <xsl:sequence select="ei:finding('TR383', 'AangevraagdProduct', .)"/>
      </xsl:for-each>
    </xsl:for-each>
  </xsl:template>

  <!-- ================================================= 317 verzoek om wijziging -->

  <xsl:variable name="ei:verzoeken" as="element()*" select="$ei:root/descendant::*:Verzoek"/>
  <xsl:variable name="ei:te-wijzigen" as="element()*" select="$ei:root/descendant::*:TeWijzigenProduct"/>
  <xsl:variable name="ei:nieuw" as="element()*" select="$ei:root/descendant::*:NieuwProduct"/>

  <!-- TR352: a Verzoek holds an OngewijzigdProduct or a TeWijzigenProduct. -->
  <xsl:template name="ei:TR352">
    <xsl:for-each select="$ei:verzoeken">
      <xsl:if test="empty(*:OngewijzigdeProducten/*:OngewijzigdProduct | *:TeWijzigenProducten/*:TeWijzigenProduct)">
        <xsl:sequence select="ei:finding('TR352', 'Verzoek', .)"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- TR353: a Verzoek holds a TeWijzigenProduct or a NieuwProduct. -->
  <xsl:template name="ei:TR353">
    <xsl:for-each select="$ei:verzoeken">
      <xsl:if test="empty(*:TeWijzigenProducten/*:TeWijzigenProduct | *:NieuweProducten/*:NieuwProduct)">
        <xsl:sequence select="ei:finding('TR353', 'Verzoek', .)"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- TR380: the GewensteIngangsdatum of a NieuwProduct lies after the Dagtekening. -->
  <xsl:template name="ei:TR380">
    <xsl:for-each select="$ei:nieuw/*:GewensteIngangsdatum">
      <xsl:if test="empty($ei:dagtekening) or ei:date-of($ei:dagtekening) ge ei:date-of(.)">
        <xsl:sequence select="ei:finding('TR380', 'NieuwProduct', ($ei:dagtekening, .))"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- ============================================================== 319 antwoord -->

  <xsl:variable name="ei:antwoord-codes" as="element()*" select="$ei:root/descendant::*:VerzoekAntwoord"/>

  <!-- CD085: VerzoekAntwoord 1 (afgewezen) needs a RedenAfwijzingVerzoek; CD086: 2 excludes it. -->
  <xsl:template name="ei:CD085-CD086">
    <xsl:for-each select="$ei:antwoord-codes">
      <xsl:variable name="reden" as="element()*" select="../*:RedenAfwijzingVerzoek"/>
      <xsl:if test="ei:in(., '1') and not(ei:filled($reden))">
        <xsl:sequence select="ei:finding('CD085', 'Antwoord', (., $reden))"/>
      </xsl:if>
      <xsl:if test="ei:in(., '2') and ei:filled($reden)">
        <xsl:sequence select="ei:finding('CD086', 'Antwoord', (., $reden))"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- TR377 / TR409 (iJw): Woonplaatsbeginsel is present exactly when RedenAfwijzingVerzoek is 8. -->
  <xsl:template name="ei:TR377-TR409">
    <xsl:for-each select="$ei:root/descendant::*:RedenAfwijzingVerzoek">
      <xsl:variable name="woonplaats" as="element()*" select="../*:Woonplaatsbeginsel"/>
      <xsl:if test="ei:in(., '8') and empty($woonplaats)">
        <xsl:sequence select="ei:finding('TR377', 'Antwoord', .)"/>
      </xsl:if>
      <xsl:if test="not(ei:in(., '8')) and exists($woonplaats)">
        <xsl:sequence select="ei:finding('TR409', 'Antwoord', (., $woonplaats))"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

</xsl:stylesheet>
