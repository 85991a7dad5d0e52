<?xml version="1.0" encoding="UTF-8"?>
<!--
  eistandaard: relation rules (verbandcontroles, level 3) of GDS801 Declaratie 1.0 (berichtcode 573),
  as VECOZO runs them (the Vektis "stap1 u18" rule set). Output: urn:eistandaard:findings:1.
  Finding codes are "<rule id>-<COD954 retourcode>"; rbc/gds/1.0/rules.toml has class, level and
  texts. The code-list rules (RCnnn, level 4) are in eistandaard.gds.codelist_rules.
  Written for eistandaard from the published facts of the rules (docs/standards/gds.md).

  Comparisons follow the Vektis routines: dates compare as numbers YYYYMMDD (an empty date compares
  false), Ontvanger is compared as a number or as a string as each rule does, booleans only match the
  literals true/false, codes compare as strings. Each rule looks at its own class element and a
  fixed number of relatives; 8062 uses a key and 9475 groups siblings, so one run is linear.

  Short circuit: when a Header, DeclaratieContext or Overzicht rule fails, no Verzekerde is checked.
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

  <!-- Start of GDS declarations: BegindatumDeclaratieperiode may not lie before it (0020). -->
  <xsl:param name="ingangsdatum-gds" as="xs:string" select="'2022-01-01'"/>

  <xsl:key name="debet-referentie" match="*:DebetPrestatie" use="normalize-space(*:Referentienummer)"/>

  <xsl:variable name="g:header" as="element()?" select="$vk:root/*:Header"/>
  <xsl:variable name="g:berichtcode" as="xs:double" select="vk:number(normalize-space($g:header/*:Berichtcode))"/>
  <xsl:variable name="g:ontvanger" as="element()?" select="$g:header/*:Ontvanger"/>
  <xsl:variable name="g:ontvanger-nr" as="xs:double" select="vk:number(normalize-space($g:ontvanger))"/>
  <xsl:variable name="g:ontvanger-str" as="xs:string" select="normalize-space($g:ontvanger)"/>
  <xsl:variable name="g:ontvangerrol" as="element()?" select="$g:header/*:OntvangerRol"/>
  <xsl:variable name="g:rol" as="xs:string" select="normalize-space($g:ontvangerrol)"/>
  <xsl:variable name="g:verzenddatum" as="element()?" select="$g:header/*:Verzenddatum"/>

  <!-- ============================================================ helpers -->

  <xsl:function name="g:s" as="xs:string">
    <xsl:param name="element" as="element()?"/>
    <xsl:sequence select="normalize-space($element)"/>
  </xsl:function>

  <!-- A date as the number YYYYMMDD (NaN when empty, absent or written with a time zone). -->
  <xsl:function name="g:num" as="xs:double">
    <xsl:param name="element" as="element()?"/>
    <xsl:sequence select="vk:date-number($element)"/>
  </xsl:function>

  <!-- T must be at most P (skipped when T is empty; an empty P never fails). -->
  <xsl:function name="g:at-most" as="element()*">
    <xsl:param name="rule" as="xs:string"/>
    <xsl:param name="owner" as="element()"/>
    <xsl:param name="t" as="element()?"/>
    <xsl:param name="p" as="element()?"/>
    <xsl:if test="g:s($t) ne '' and g:num($t) gt g:num($p)">
      <xsl:sequence select="vk:finding($rule, $owner, ($t, $p), vk:pairs(($t, $p)))"/>
    </xsl:if>
  </xsl:function>

  <!-- T must be at least P (skipped when T is empty; an empty P never fails). -->
  <xsl:function name="g:at-least" as="element()*">
    <xsl:param name="rule" as="xs:string"/>
    <xsl:param name="owner" as="element()"/>
    <xsl:param name="t" as="element()?"/>
    <xsl:param name="p" as="element()?"/>
    <xsl:if test="g:s($t) ne '' and g:num($t) lt g:num($p)">
      <xsl:sequence select="vk:finding($rule, $owner, ($t, $p), vk:pairs(($t, $p)))"/>
    </xsl:if>
  </xsl:function>

  <!-- T must lie after P (skipped when T is empty; an empty P does fail, as in the Vektis routine). -->
  <xsl:function name="g:after" as="element()*">
    <xsl:param name="rule" as="xs:string"/>
    <xsl:param name="owner" as="element()"/>
    <xsl:param name="t" as="element()?"/>
    <xsl:param name="p" as="element()?"/>
    <xsl:if test="g:s($t) ne '' and not(g:num($t) gt g:num($p))">
      <xsl:sequence select="vk:finding($rule, $owner, ($t, $p), vk:pairs(($t, $p)))"/>
    </xsl:if>
  </xsl:function>

  <!-- A finding whose betrokken elementen are exactly the given (present) elements. -->
  <xsl:function name="g:report" as="element()">
    <xsl:param name="rule" as="xs:string"/>
    <xsl:param name="owner" as="element()"/>
    <xsl:param name="elements" as="element()*"/>
    <xsl:sequence select="vk:finding($rule, $owner, $elements, vk:pairs($elements))"/>
  </xsl:function>

  <!-- The identifying fields of a Zorgaanbieder-like element, in Vektis order, each when present. -->
  <xsl:function name="g:zorgaanbieder-fields" as="element()*">
    <xsl:param name="z" as="element()?"/>
    <xsl:sequence select="($z/*:Zorgaanbiedercode, $z/*:ZorgaanbiederSoort, $z/*:ZorgaanbiederSpecificatie,
        $z/*:NaamZorgverlener/*:Initialen, $z/*:NaamZorgverlener/*:Geslachtsnaam/*:Voorvoegsels,
        $z/*:NaamZorgverlener/*:Geslachtsnaam/*:Achternaam, $z/*:BeroepZorgverlener, $z/*:ZorgaanbiederRol)"/>
  </xsl:function>

  <xsl:function name="g:naam-fields" as="element()*">
    <xsl:param name="z" as="element()"/>
    <xsl:sequence select="($z/*:NaamZorgverlener/*:Initialen, $z/*:NaamZorgverlener/*:Geslachtsnaam/*:Voorvoegsels,
        $z/*:NaamZorgverlener/*:Geslachtsnaam/*:Achternaam)"/>
  </xsl:function>

  <!-- ============================================================ entry -->

  <xsl:template name="vk:rules">
    <xsl:variable name="top" as="element()*">
      <xsl:for-each select="$g:header">
        <xsl:call-template name="g:header"/>
      </xsl:for-each>
      <xsl:for-each select="$vk:root/*:DeclaratieContext">
        <xsl:call-template name="g:context"/>
      </xsl:for-each>
      <xsl:for-each select="$vk:root/*:Overzicht">
        <xsl:call-template name="g:overzicht"/>
      </xsl:for-each>
    </xsl:variable>
    <xsl:sequence select="$top"/>
    <xsl:if test="empty($top)">
      <xsl:for-each select="$vk:root/*:Verzekerde">
        <xsl:call-template name="g:verzekerde"/>
      </xsl:for-each>
    </xsl:if>
  </xsl:template>

  <!-- ============================================================ Header -->

  <xsl:template name="g:header">
    <xsl:variable name="h" as="element()" select="."/>
    <xsl:sequence select="vk:environment('VC001-8028', $h)"/>
    <xsl:if test="$g:berichtcode eq 573 and not(g:s(*:VerzenderRol) = ('1', '2'))">
      <xsl:sequence select="g:report('VC002-9262', $h, (*:Berichtcode, *:VerzenderRol))"/>
    </xsl:if>
    <xsl:if test="$g:berichtcode eq 573 and not($g:rol = ('2', '3', '4', '5'))">
      <xsl:sequence select="g:report('VC004-9263', $h, (*:Berichtcode, *:OntvangerRol))"/>
    </xsl:if>
    <xsl:sequence select="vk:not-after-today('VC006-8986', $h)"/>
  </xsl:template>

  <!-- ============================================================ DeclaratieContext -->

  <xsl:template name="g:context">
    <xsl:variable name="c" as="element()" select="."/>
    <xsl:variable name="begin" as="element()?" select="*:BegindatumDeclaratieperiode"/>
    <xsl:variable name="eind" as="element()?" select="*:EinddatumDeclaratieperiode"/>
    <xsl:if test="$g:berichtcode eq 573 and g:s(*:BetalingAanServicebureau) eq 'true'
        and g:s($g:header/*:VerzenderRol) ne '2'">
      <xsl:sequence select="g:report('VC007-9264', $c,
          ($g:header/*:Berichtcode, *:BetalingAanServicebureau, $g:header/*:VerzenderRol))"/>
    </xsl:if>
    <xsl:sequence select="g:at-most('VC008-9265', $c, *:Factuurdatum, $g:verzenddatum)"/>
    <xsl:if test="exists(*:InformatiesysteemCode) and empty(*:InformatiesysteemVersie)">
      <xsl:sequence select="g:report('VC009-8166', $c, *:InformatiesysteemCode)"/>
    </xsl:if>
    <xsl:if test="empty(*:InformatiesysteemCode) and exists(*:InformatiesysteemVersie)">
      <xsl:sequence select="g:report('VC010-8166', $c, *:InformatiesysteemVersie)"/>
    </xsl:if>
    <xsl:if test="exists($begin) and empty($eind)">
      <xsl:sequence select="g:report('VC012-9266', $c, $begin)"/>
    </xsl:if>
    <xsl:if test="empty($begin) and exists($eind)">
      <xsl:sequence select="g:report('VC013-9266', $c, $eind)"/>
    </xsl:if>
    <xsl:sequence select="g:at-most('VC014-9267', $c, $eind, $g:verzenddatum)"/>
    <xsl:if test="exists($eind)">
      <xsl:sequence select="g:at-most('VC015-8175', $c, $begin, $eind)"/>
    </xsl:if>
    <xsl:if test="g:s($g:header/*:Berichtsoort) eq 'P' and g:s($begin) ne ''
        and g:num($begin) lt vk:date-number($ingangsdatum-gds)">
      <xsl:sequence select="vk:finding('VC098-0020', $c, $begin,
          (vk:pairs($begin), vk:pair('IngangsdatumGDS', $ingangsdatum-gds)))"/>
    </xsl:if>
    <xsl:variable name="declarant-soort" as="element()?" select="*:Declarant/*:ZorgaanbiederSoort"/>
    <xsl:variable name="zorgaanbieder-soort" as="element()?" select="*:Zorgaanbieder/*:ZorgaanbiederSoort"/>
    <xsl:if test="g:s($zorgaanbieder-soort) ne ''
        and not(g:s($declarant-soort) eq '3' and g:s($zorgaanbieder-soort) = ('1', '2'))">
      <xsl:sequence select="g:report('VC111-9506', $c, ($declarant-soort, $zorgaanbieder-soort))"/>
    </xsl:if>
    <xsl:if test="g:num(*:Factuurdatum) ge 20260101
        and translate(*:Factuurnummer, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/-?:().,''+ ', '') ne ''">
      <xsl:sequence select="g:report('VC171-9797', $c, (*:Factuurnummer, *:Factuurdatum))"/>
    </xsl:if>
  </xsl:template>

  <!-- ============================================================ Overzicht -->

  <xsl:template name="g:overzicht">
    <xsl:variable name="totaal" as="element()?" select="*:TotaalDeclaratiebedragInclBtw"/>
    <xsl:variable name="bedrag" as="xs:decimal"
        select="if (g:s($totaal/*:Bedrag) castable as xs:decimal) then xs:decimal(g:s($totaal/*:Bedrag)) else 0"/>
    <xsl:variable name="signed" as="xs:decimal"
        select="if (g:s($totaal/*:DebetCreditCode) eq 'D') then $bedrag else -$bedrag"/>
    <xsl:variable name="debet" as="xs:decimal"
        select="sum($vk:root/*:Verzekerde/*:Prestatie/*:DebetPrestatie/*:DeclaratieBedragInclBtw ! g:amount(.), 0)"/>
    <xsl:variable name="credit" as="xs:decimal"
        select="sum($vk:root/*:Verzekerde/*:Prestatie/*:CreditPrestatie/*:ToegekendBedragInclBtwFinancieel ! g:amount(.), 0)"/>
    <xsl:if test="round-half-to-even($signed, 2) ne round-half-to-even($debet, 2) - round-half-to-even($credit, 2)">
      <xsl:sequence select="g:report('VC016-0150', ., $totaal/*)"/>
    </xsl:if>
  </xsl:template>

  <xsl:function name="g:amount" as="xs:decimal">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="if (g:s($element) castable as xs:decimal) then xs:decimal(g:s($element)) else 0"/>
  </xsl:function>

  <!-- ============================================================ Verzekerde -->

  <xsl:template name="g:verzekerde">
    <xsl:variable name="v" as="element()" select="."/>
    <xsl:variable name="bsn" as="element()?" select="*:BSN"/>
    <xsl:variable name="nummer" as="element()?" select="*:Verzekerdennummer"/>
    <xsl:variable name="geboortedatum" as="element()?" select="*:Geboortedatum"/>
    <xsl:variable name="buitenland" as="element()?" select="*:BuitenlandVerzekerde"/>
    <xsl:variable name="aanvullend" as="element()?" select="*:AanvullendeVerzekerdegegevens"/>
    <xsl:if test="$g:ontvanger-nr = (9992, 7125) and exists($bsn)">
      <xsl:sequence select="g:report('VC017-9268', $v, ($g:ontvanger, $bsn))"/>
    </xsl:if>
    <xsl:if test="empty($nummer) and not($g:ontvanger-nr = (9992, 7125)) and empty($bsn)">
      <xsl:sequence select="g:report('VC018-0435', $v, $g:ontvanger)"/>
    </xsl:if>
    <xsl:if test="$g:rol ne '2' and not(exists(*:UzoviNummer) and g:s(*:UzoviNummer) eq $g:ontvanger-str)">
      <xsl:sequence select="g:report('VC019-9269', $v, ($g:ontvanger, $g:ontvangerrol, *:UzoviNummer))"/>
    </xsl:if>
    <xsl:if test="empty($bsn) and empty($nummer)">
      <xsl:sequence select="vk:finding('VC020-8101', $v, (), ())"/>
    </xsl:if>
    <xsl:sequence select="g:at-most('VC021-9270', $v, $geboortedatum, $g:verzenddatum)"/>
    <xsl:if test="$g:ontvanger-nr eq 9992 and exists($geboortedatum)">
      <xsl:sequence select="g:report('VC022-9271', $v, ($g:ontvanger, $geboortedatum))"/>
    </xsl:if>
    <xsl:if test="$g:ontvanger-nr ne 9992 and empty($geboortedatum)">
      <xsl:sequence select="g:report('VC023-8151', $v, $g:ontvanger)"/>
    </xsl:if>
    <xsl:if test="$g:ontvanger-nr eq 7125 and empty($buitenland)">
      <xsl:sequence select="g:report('VC024-9272', $v, $g:ontvanger)"/>
    </xsl:if>
    <xsl:if test="$g:rol eq '2' and empty($aanvullend)">
      <xsl:sequence select="g:report('VC025-9273', $v, $g:ontvangerrol)"/>
    </xsl:if>
    <xsl:if test="$g:rol ne '2' and exists($aanvullend)">
      <xsl:sequence select="g:report('VC026-9274', $v, ($g:ontvangerrol, $aanvullend/*:GeslachtCode))"/>
    </xsl:if>
    <xsl:if test="$g:ontvanger-nr ne 7125 and exists($buitenland)">
      <xsl:sequence select="g:report('VC056-9416', $v, ($g:ontvanger, $buitenland/*:BuitenlandseZorgverzekeraarsCode))"/>
    </xsl:if>
    <xsl:if test="exists($bsn) and exists($nummer)">
      <xsl:sequence select="g:report('VC060-9420', $v, ($bsn, $nummer))"/>
    </xsl:if>
    <xsl:for-each select="$aanvullend/*:Debiteur">
      <xsl:sequence select="g:at-most('VC027-9275', ., *:Geboortedatum, $g:verzenddatum)"/>
      <xsl:if test="g:s($aanvullend/*:OverlijdensIndicator) eq 'true' and empty(*:SoortRelatie)">
        <xsl:sequence select="g:report('VC028-9276', ., $aanvullend/*:OverlijdensIndicator)"/>
      </xsl:if>
    </xsl:for-each>
    <xsl:for-each select="*:Prestatie/*:DebetPrestatie">
      <xsl:call-template name="g:debet"/>
    </xsl:for-each>
    <xsl:for-each select="*:Prestatie/*:CreditPrestatie">
      <xsl:call-template name="g:credit"/>
    </xsl:for-each>
  </xsl:template>

  <!-- ============================================================ DebetPrestatie -->

  <xsl:template name="g:debet">
    <xsl:variable name="d" as="element()" select="."/>
    <xsl:variable name="pcc" as="element()?" select="*:PrestatieCodelijstCode"/>
    <xsl:variable name="is071" as="xs:boolean" select="g:s($pcc) eq '071'"/>
    <xsl:variable name="begin" as="element()?" select="*:Begindatum"/>
    <xsl:variable name="eind" as="element()?" select="*:Einddatum"/>
    <xsl:variable name="bedragen" as="element()*" select="(*:TariefInclBtw, *:BerekendBedragInclBtw, *:DeclaratieBedragInclBtw)"/>
    <xsl:variable name="tarief" as="xs:double" select="vk:number(g:s(*:TariefInclBtw))"/>
    <xsl:variable name="berekend" as="xs:double" select="vk:number(g:s(*:BerekendBedragInclBtw))"/>
    <xsl:variable name="declaratie" as="xs:double" select="vk:number(g:s(*:DeclaratieBedragInclBtw))"/>
    <xsl:if test="($tarief eq 0 or $berekend eq 0 or $declaratie eq 0)
        and not($tarief eq 0 and $berekend eq 0 and $declaratie eq 0)">
      <xsl:sequence select="g:report('VC030-9278', $d, $bedragen)"/>
    </xsl:if>
    <xsl:if test="($tarief gt 0 or $berekend gt 0 or $declaratie gt 0)
        and not($tarief gt 0 and $berekend gt 0 and $declaratie gt 0)">
      <xsl:sequence select="g:report('VC031-9278', $d, $bedragen)"/>
    </xsl:if>
    <xsl:if test="not(g:num($begin) lt 20270101)">
      <xsl:sequence select="g:report('VC172-9798', $d, $begin)"/>
    </xsl:if>
    <xsl:sequence select="g:at-most('VC032-8989', $d, $begin, $g:verzenddatum)"/>
    <xsl:sequence select="g:after('VC033-9458', $d, $eind, $begin)"/>
    <xsl:if test="exists(*:Eindtijd) and empty($eind)">
      <xsl:variable name="b" as="xs:string" select="g:s(*:Begintijd)"/>
      <xsl:variable name="e" as="xs:string" select="g:s(*:Eindtijd)"/>
      <xsl:if test="not(vk:number(translate(substring($b, 1, 8), ':', '')) lt vk:number(translate(substring($e, 1, 8), ':', '')))
          or substring($b, 9, 1) ne substring($e, 9, 1)
          or translate(substring($b, 10, 5), ':', '') ne translate(substring($e, 10, 5), ':', '')">
        <xsl:sequence select="g:report('VC034-9279', $d, (*:Begintijd, *:Eindtijd))"/>
      </xsl:if>
    </xsl:if>
    <xsl:if test="*:Zorgaanbieder/*:ZorgaanbiederRol/normalize-space() = ('03', '04')">
      <xsl:sequence select="g:report('VC036-9281', $d, g:zorgaanbieder-fields(*:Zorgaanbieder[1]))"/>
    </xsl:if>
    <xsl:if test="$g:ontvanger-nr eq 9992 and g:s(*:Herdeclaratiecode) eq '02'">
      <xsl:sequence select="g:report('VC037-9282', $d, ($g:ontvanger, *:Herdeclaratiecode))"/>
    </xsl:if>
    <xsl:if test="$g:rol = ('3', '4', '5') and g:s(*:DoorsturenToegestaan) ne 'true'">
      <xsl:sequence select="g:report('VC038-8179', $d, ($g:ontvangerrol, *:DoorsturenToegestaan))"/>
    </xsl:if>
    <xsl:if test="$is071 and empty(*:AanvullendePrestatiegegevens/*:Zorgtraject)">
      <xsl:sequence select="g:report('VC040-9439', $d, $pcc)"/>
    </xsl:if>
    <xsl:if test="$g:ontvanger-str eq '9992' and empty(*:AanvullendePrestatiegegevens/*:Plaatsingsbesluit)">
      <xsl:sequence select="g:report('VC041-9284', $d, $g:ontvanger)"/>
    </xsl:if>
    <xsl:if test="$g:berichtcode eq 573 and not(g:s($pcc) = ('071', '999'))">
      <xsl:sequence select="g:report('VC069-9425', $d, ($g:header/*:Berichtcode, $pcc))"/>
    </xsl:if>
    <xsl:if test="$g:ontvanger-nr eq 7125 and $is071">
      <xsl:sequence select="g:report('VC070-9440', $d, ($g:ontvanger, $pcc))"/>
    </xsl:if>
    <xsl:if test="$is071 and g:s(*:Aantal) ne '1'">
      <xsl:sequence select="g:report('VC093-8049', $d, (*:Aantal, $pcc))"/>
    </xsl:if>
    <xsl:if test="$is071 and exists($eind)">
      <xsl:sequence select="g:report('VC094-9465', $d, ($eind, $pcc))"/>
    </xsl:if>
    <xsl:if test="$g:rol ne '2' and g:s($pcc) eq '999'">
      <xsl:sequence select="g:report('VC116-9544', $d, ($pcc, $g:ontvangerrol))"/>
    </xsl:if>

    <xsl:for-each select="*:AanvullendPrestatieKenmerk">
      <xsl:if test="$is071 and exists(*:ApkCodelijstCode) and g:s(*:ApkCodelijstCode) ne '001'">
        <xsl:sequence select="g:report('VC061-9421', ., ($pcc, *:ApkCodelijstCode))"/>
      </xsl:if>
    </xsl:for-each>

    <xsl:for-each select="*:Verwijzing">
      <xsl:call-template name="g:verwijzing">
        <xsl:with-param name="pcc" select="$pcc"/>
        <xsl:with-param name="begin" select="$begin"/>
      </xsl:call-template>
    </xsl:for-each>

    <xsl:for-each select="*:Zorgaanbieder">
      <xsl:call-template name="g:zorgaanbieder">
        <xsl:with-param name="pcc" select="$pcc"/>
      </xsl:call-template>
    </xsl:for-each>

    <xsl:for-each select="*:AanvullendePrestatiegegevens">
      <xsl:call-template name="g:aanvullend">
        <xsl:with-param name="pcc" select="$pcc"/>
        <xsl:with-param name="begin" select="$begin"/>
        <xsl:with-param name="privacy" select="$d/*:PrivacyCode"/>
      </xsl:call-template>
    </xsl:for-each>
  </xsl:template>

  <!-- ============================================================ CreditPrestatie -->

  <xsl:template name="g:credit">
    <xsl:variable name="c" as="element()" select="."/>
    <xsl:variable name="pcc" as="element()?" select="*:PrestatieCodelijstCode"/>
    <xsl:variable name="begin" as="element()?" select="*:Begindatum"/>
    <xsl:if test="not(g:num($begin) lt 20270101)">
      <xsl:sequence select="g:report('VC173-9799', $c, $begin)"/>
    </xsl:if>
    <xsl:sequence select="g:at-most('VC039-9283', $c, $begin, $g:verzenddatum)"/>
    <xsl:if test="$g:berichtcode eq 573 and not(g:s($pcc) = ('071', '999'))">
      <xsl:sequence select="g:report('VC081-9456', $c, ($g:header/*:Berichtcode, $pcc))"/>
    </xsl:if>
    <xsl:if test="$g:ontvanger-nr eq 7125 and g:s($pcc) eq '071'">
      <xsl:sequence select="g:report('VC082-9457', $c, ($g:ontvanger, $pcc))"/>
    </xsl:if>
    <xsl:if test="exists(key('debet-referentie', g:s(*:GerelateerdReferentienummer)))">
      <xsl:sequence select="g:report('VC102-8062', $c, *:GerelateerdReferentienummer)"/>
    </xsl:if>
    <xsl:if test="$g:rol ne '2' and g:s($pcc) eq '999'">
      <xsl:sequence select="g:report('VC132-9544', $c, ($pcc, $g:ontvangerrol))"/>
    </xsl:if>
  </xsl:template>

  <!-- ============================================================ Verwijzing and Verwijzer -->

  <xsl:template name="g:verwijzing">
    <xsl:param name="pcc" as="element()?"/>
    <xsl:param name="begin" as="element()?"/>
    <xsl:variable name="w" as="element()" select="."/>
    <xsl:variable name="is071" as="xs:boolean" select="g:s($pcc) eq '071'"/>
    <xsl:variable name="type" as="element()?" select="*:TypeVerwijzingcode"/>
    <xsl:variable name="t" as="xs:string" select="g:s($type)"/>
    <xsl:variable name="verwijzer" as="element()?" select="*:Verwijzer"/>
    <xsl:sequence select="g:at-most('VC042-9285', $w, *:Verwijsdatum, $begin)"/>
    <xsl:if test="$is071 and (($g:ontvanger-str eq '9992' and $t ne '06') or ($g:ontvanger-str ne '9992' and $t eq '06'))">
      <xsl:sequence select="g:report('VC106-9483', $w, ($pcc, $g:ontvanger, $type))"/>
    </xsl:if>
    <xsl:if test="$is071 and $t = ('01', '02') and empty($verwijzer/*:Zorgaanbiedercode)">
      <xsl:sequence select="g:report('VC107-9481', $w, ($pcc, $type))"/>
    </xsl:if>
    <xsl:if test="$t = ('04', '05', '06') and (exists($verwijzer) or exists(*:Verwijsdatum))">
      <xsl:sequence select="g:report('VC108-9482', $w, ($type, $verwijzer/*:Zorgaanbiedercode, *:Verwijsdatum))"/>
    </xsl:if>
    <xsl:if test="$is071 and $t eq '07' and empty($verwijzer/*:ZorgaanbiederSpecificatie)">
      <xsl:sequence select="g:report('VC109-9484', $w, ($pcc, $type))"/>
    </xsl:if>
    <xsl:if test="$is071 and $g:rol ne '2' and $t eq '05'">
      <xsl:sequence select="g:report('VC110-9485', $w, ($pcc, $g:ontvangerrol, $type))"/>
    </xsl:if>
    <xsl:for-each select="$verwijzer">
      <xsl:variable name="code" as="element()?" select="*:Zorgaanbiedercode"/>
      <xsl:variable name="soort" as="element()?" select="*:ZorgaanbiederSoort"/>
      <xsl:variable name="spec" as="element()?" select="*:ZorgaanbiederSpecificatie"/>
      <xsl:variable name="beroep" as="element()?" select="*:BeroepZorgverlener"/>
      <xsl:variable name="naam" as="element()?" select="*:NaamZorgverlener"/>
      <xsl:if test="exists($code) and (exists($spec) or exists($beroep) or exists($naam))">
        <xsl:sequence select="g:report('VC071-9441', ., ($code, $spec, $beroep, g:naam-fields(.)))"/>
      </xsl:if>
      <xsl:if test="exists($code) and empty($soort)">
        <xsl:sequence select="g:report('VC073-9443', ., $code)"/>
      </xsl:if>
      <xsl:if test="empty($code) and exists($soort)">
        <xsl:sequence select="g:report('VC075-9443', ., $soort)"/>
      </xsl:if>
      <xsl:if test="exists($spec) and (exists($code) or exists($beroep))">
        <xsl:sequence select="g:report('VC077-9447', ., ($spec, $code, $beroep))"/>
      </xsl:if>
      <xsl:if test="$is071 and (exists($spec) or exists($beroep)) and empty($naam)">
        <xsl:sequence select="g:report('VC079-9449', ., ($pcc, $spec, $beroep))"/>
      </xsl:if>
      <xsl:if test="exists($beroep) and exists($code) and exists($spec)">
        <xsl:sequence select="g:report('VC081-9451', ., ($beroep, $code, $spec))"/>
      </xsl:if>
      <xsl:if test="exists($beroep) and not(g:s(*:ZorgaanbiederRol) = ('01', '03'))">
        <xsl:sequence select="g:report('VC082-9452', ., ($beroep, *:ZorgaanbiederRol))"/>
      </xsl:if>
      <xsl:if test="not($is071) and exists($beroep)">
        <xsl:sequence select="g:report('VC083-9453', ., ($pcc, $beroep))"/>
      </xsl:if>
      <xsl:if test="$g:berichtcode eq 573 and empty(($code, $spec, $beroep))">
        <xsl:sequence select="g:report('VC084-9454', ., $g:header/*:Berichtcode)"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- ============================================================ Zorgaanbieder (DebetPrestatie) -->

  <xsl:template name="g:zorgaanbieder">
    <xsl:param name="pcc" as="element()?"/>
    <xsl:variable name="is071" as="xs:boolean" select="g:s($pcc) eq '071'"/>
    <xsl:variable name="code" as="element()?" select="*:Zorgaanbiedercode"/>
    <xsl:variable name="soort" as="element()?" select="*:ZorgaanbiederSoort"/>
    <xsl:variable name="spec" as="element()?" select="*:ZorgaanbiederSpecificatie"/>
    <xsl:variable name="beroep" as="element()?" select="*:BeroepZorgverlener"/>
    <xsl:variable name="naam" as="element()?" select="*:NaamZorgverlener"/>
    <xsl:variable name="rol" as="element()?" select="*:ZorgaanbiederRol"/>
    <xsl:if test="exists($code) and (exists($spec) or exists($beroep) or exists($naam))">
      <xsl:sequence select="g:report('VC057-9291', ., ($code, $spec, $beroep, g:naam-fields(.)))"/>
    </xsl:if>
    <xsl:if test="exists($code) and empty($soort)">
      <xsl:sequence select="g:report('VC058-9292', ., $code)"/>
    </xsl:if>
    <xsl:if test="empty($code) and exists($soort)">
      <xsl:sequence select="g:report('VC062-9292', ., $soort)"/>
    </xsl:if>
    <xsl:if test="exists($spec) and (exists($code) or exists($beroep))">
      <xsl:sequence select="g:report('VC063-9294', ., ($spec, $code, $beroep))"/>
    </xsl:if>
    <xsl:if test="$is071 and (exists($spec) or exists($beroep)) and empty($naam)">
      <xsl:sequence select="g:report('VC064-9417', ., ($pcc, $spec, $beroep))"/>
    </xsl:if>
    <xsl:if test="exists($beroep) and (exists($code) or exists($spec))">
      <xsl:sequence select="g:report('VC065-9418', ., ($beroep, $code, $spec))"/>
    </xsl:if>
    <xsl:if test="exists($beroep) and g:s($rol) ne '01'">
      <xsl:sequence select="g:report('VC066-9422', ., ($beroep, $rol))"/>
    </xsl:if>
    <xsl:if test="not($is071) and exists($beroep)">
      <xsl:sequence select="g:report('VC067-9423', ., ($pcc, $beroep))"/>
    </xsl:if>
    <xsl:if test="$g:berichtcode eq 573 and empty(($code, $spec, $beroep))">
      <xsl:sequence select="g:report('VC068-9424', ., $g:header/*:Berichtcode)"/>
    </xsl:if>
    <!-- 9478/9479 test ZorgaanbiederSoort with '!=': an absent soort compares false (XPath 1.0). -->
    <xsl:if test="$is071 and g:s($rol) eq '01' and exists($code) and exists($soort) and not(g:s($soort) = ('1', '3'))">
      <xsl:sequence select="g:report('VC104-9478', ., ($pcc, $rol, $code, $soort))"/>
    </xsl:if>
    <xsl:if test="$is071 and g:s($rol) eq '02' and exists($soort) and g:s($soort) ne '3'">
      <xsl:sequence select="g:report('VC105-9479', ., ($pcc, $rol, $soort))"/>
    </xsl:if>
  </xsl:template>

  <!-- ============================================================ AanvullendePrestatiegegevens -->

  <xsl:template name="g:aanvullend">
    <xsl:param name="pcc" as="element()?"/>
    <xsl:param name="begin" as="element()?"/>
    <xsl:param name="privacy" as="element()?"/>
    <xsl:variable name="a" as="element()" select="."/>
    <xsl:variable name="is071" as="xs:boolean" select="g:s($pcc) eq '071'"/>
    <xsl:variable name="codes" as="element()*" select="*:Diagnose/*:DiagnoseCodelijstCode"/>
    <xsl:if test="$g:rol = ('3', '5') and exists(*:Plaatsingsbesluit)">
      <xsl:sequence select="g:report('VC059-9419', $a, ($g:ontvangerrol, *:Plaatsingsbesluit/*:PlaatsingsbesluitNummer))"/>
    </xsl:if>
    <xsl:variable name="c029" as="element()?" select="$codes[contains(., '029')][1]"/>
    <xsl:variable name="c033" as="element()?" select="$codes[contains(., '033')][1]"/>
    <xsl:if test="$is071 and exists($c029) and exists($c033)">
      <xsl:sequence select="vk:finding('VC099-9472', $a, ($c029, $c033),
          (vk:pairs($pcc), vk:pair('DiagnoseCodelijstCode', g:s($c029)), vk:pair('DiagnoseCodelijstCode', g:s($c033))))"/>
    </xsl:if>
    <xsl:variable name="privacy-true" as="xs:boolean" select="g:s($privacy) eq 'true'"/>
    <xsl:variable name="duplicates" as="xs:string*">
      <xsl:if test="count($codes) gt 1">
        <xsl:for-each-group select="$codes" group-by="g:s(.)">
          <xsl:if test="count(current-group()) gt 1">
            <xsl:sequence select="current-grouping-key()"/>
          </xsl:if>
        </xsl:for-each-group>
      </xsl:if>
    </xsl:variable>
    <xsl:for-each select="*:Diagnose">
      <xsl:variable name="dg" as="element()" select="."/>
      <xsl:variable name="dcc" as="element()?" select="*:DiagnoseCodelijstCode"/>
      <xsl:variable name="dc" as="xs:string" select="g:s($dcc)"/>
      <xsl:if test="$is071 and $privacy-true and g:num($begin) lt 20240101 and $dc = ('029', '030', '031', '032')">
        <xsl:sequence select="g:report('VC043-9286', $dg, ($pcc, $privacy, $begin, $dcc))"/>
      </xsl:if>
      <xsl:if test="g:s($privacy) eq 'false' and empty($dcc)">
        <xsl:sequence select="g:report('VC044-9287', $dg, $privacy)"/>
      </xsl:if>
      <xsl:if test="$is071 and exists($dcc) and g:s($privacy) eq 'false' and not($dc = ('029', '030', '031', '032', '033'))">
        <xsl:sequence select="g:report('VC045-9287', $dg, ($pcc, $dcc, $privacy))"/>
      </xsl:if>
      <xsl:if test="exists($dcc) and empty(*:Diagnosecode)">
        <xsl:sequence select="g:report('VC046-9288', $dg, $dcc)"/>
      </xsl:if>
      <xsl:if test="empty($dcc) and exists(*:Diagnosecode)">
        <xsl:sequence select="g:report('VC047-9288', $dg, *:Diagnosecode)"/>
      </xsl:if>
      <xsl:sequence select="g:at-most('VC048-9289', $dg, *:Diagnosedatum, $g:verzenddatum)"/>
      <xsl:if test="$is071 and $g:ontvanger-str eq '9992' and exists($dcc) and not($dc = ('030', '032'))">
        <xsl:sequence select="g:report('VC100-9473', $dg, ($pcc, $g:ontvanger, $dcc))"/>
      </xsl:if>
      <xsl:if test="$is071 and $g:ontvanger-str ne '9992' and exists($dcc) and not($dc = ('029', '031', '033'))">
        <xsl:sequence select="g:report('VC101-9474', $dg, ($pcc, $g:ontvanger, $dcc))"/>
      </xsl:if>
      <xsl:if test="$is071 and exists($dcc) and $dc = $duplicates">
        <xsl:sequence select="g:report('VC103-9475', $dg, ($pcc, $dcc))"/>
      </xsl:if>
      <xsl:if test="$is071 and $privacy-true and g:num($begin) ge 20240101">
        <xsl:sequence select="g:report('VC160-9568', $dg, ($pcc, $privacy, $begin))"/>
      </xsl:if>
      <xsl:for-each select="*:Diagnosesteller">
        <xsl:variable name="code" as="element()?" select="*:Zorgaanbiedercode"/>
        <xsl:variable name="soort" as="element()?" select="*:ZorgaanbiederSoort"/>
        <xsl:variable name="spec" as="element()?" select="*:ZorgaanbiederSpecificatie"/>
        <xsl:variable name="naam" as="element()?" select="*:NaamZorgverlener"/>
        <xsl:if test="exists($code) and (exists($spec) or exists($naam))">
          <xsl:sequence select="g:report('VC072-9442', ., ($code, $spec, g:naam-fields(.)))"/>
        </xsl:if>
        <xsl:if test="exists($code) and empty($soort)">
          <xsl:sequence select="g:report('VC074-9444', ., $code)"/>
        </xsl:if>
        <xsl:if test="empty($code) and exists($soort)">
          <xsl:sequence select="g:report('VC076-9444', ., $soort)"/>
        </xsl:if>
        <xsl:if test="exists($spec) and exists($code)">
          <xsl:sequence select="g:report('VC078-9448', ., ($spec, $code))"/>
        </xsl:if>
        <xsl:if test="$is071 and exists($spec) and empty($naam)">
          <xsl:sequence select="g:report('VC080-9450', ., ($pcc, $spec))"/>
        </xsl:if>
        <xsl:if test="$g:berichtcode eq 573 and empty(($code, $spec))">
          <xsl:sequence select="g:report('VC085-9455', ., $g:header/*:Berichtcode)"/>
        </xsl:if>
      </xsl:for-each>
    </xsl:for-each>
    <xsl:for-each select="*:Zorgtraject">
      <xsl:sequence select="g:at-most('VC049-9290', ., *:ZorgtrajectStartdatum, $begin)"/>
    </xsl:for-each>
    <xsl:for-each select="*:Plaatsingsbesluit">
      <xsl:sequence select="g:at-most('VC054-9295', ., *:BegindatumForensischeZorgtitel, $g:verzenddatum)"/>
      <xsl:sequence select="g:at-least('VC055-9169', ., *:EinddatumForensischeZorgtitel, *:BegindatumForensischeZorgtitel)"/>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
