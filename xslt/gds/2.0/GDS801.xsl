<?xml version="1.0" encoding="UTF-8"?>
<!--
  eistandaard: relation rules (verbandcontroles, level 3) of GDS801 Declaratie 2.0 (berichtcode 573,
  Berichtversie 2). Output: urn:eistandaard:findings:1; codes, classes and texts in
  rbc/gds/2.0/rules.toml. Written for eistandaard from the published facts of the Vektis rules
  (docs/standards/gds.md, section Release 2.0).

  No Vektis main stylesheet for 2.0 is public, only its separate rule files. This stylesheet runs:
  * the 1.0 rules (imported from ../1.0/GDS801.xsl) that 2.0 keeps, i.e. all of them except the
    ones listed in $g2:replaced: the 1.0 sunset 9798/9799, and the rules a v2.x (or newer) rule
    file restates, which run here in their newer form;
  * the v2.x rules, each on the class element rules.csv names.
  Short circuit as in 1.0: when a Header, DeclaratieContext or Overzicht rule fails (either
  version), no Verzekerde is checked. Every rule looks at its class element and a fixed number
  of relatives; the InformatieCode rules (9642, 9643) use keys, so a run stays linear.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:vk="urn:eistandaard:xslt:vektis"
    xmlns:g="urn:eistandaard:xslt:gds"
    xmlns:g2="urn:eistandaard:xslt:gds2"
    xmlns="urn:eistandaard:findings:1"
    exclude-result-prefixes="#all"
    expand-text="yes">
  <xsl:import href="../1.0/GDS801.xsl"/>

  <!-- 1.0 findings 2.0 does not keep: dropped (9798, 9799) or restated below. -->
  <xsl:variable name="g2:replaced" as="xs:string*" select="('VC004-9263', 'VC020-8101', 'VC025-9273',
      'VC026-9274', 'VC028-9276', 'VC040-9439', 'VC041-9284', 'VC067-9423', 'VC069-9425', 'VC081-9456',
      'VC104-9478', 'VC107-9481', 'VC109-9484', 'VC172-9798', 'VC173-9799')"/>

  <!-- Prefixes (first two AGB digits) a Declarant of soort 3 without Zorgaanbieder may not have (9800). -->
  <xsl:variable name="g2:prefixes-9800" as="xs:string*" select="('01', '02', '03', '04', '05', '07', '08',
      '11', '12', '13', '14', '24', '26', '33', '44', '57', '84', '87', '88', '89', '90', '91', '93', '94', '96')"/>

  <!-- Receivers with the SOV / OVV exceptions, compared as numbers like the other Ontvanger rules. -->
  <xsl:variable name="g2:sov" as="xs:boolean" select="$g:ontvanger-nr = (3356, 9989)"/>

  <xsl:key name="g2:koppel" match="*:DebetPrestatie[*:PrestatieKoppelnummer]"
      use="normalize-space(*:PrestatieKoppelnummer) || '|' || normalize-space(*:InformatieCode)"/>

  <!-- The PrestatieCodelijstCodes from $from to $to ('073' to '083'). -->
  <xsl:function name="g2:codes" as="xs:string*">
    <xsl:param name="from" as="xs:integer"/>
    <xsl:param name="to" as="xs:integer"/>
    <xsl:sequence select="for $i in $from to $to return format-integer($i, '000')"/>
  </xsl:function>

  <!-- The code ranges the rules use, computed once (a function call per prestatie costs). -->
  <xsl:variable name="g2:c73-79" as="xs:string*" select="g2:codes(73, 79)"/>
  <xsl:variable name="g2:c73-80" as="xs:string*" select="g2:codes(73, 80)"/>
  <xsl:variable name="g2:c73-81" as="xs:string*" select="g2:codes(73, 81)"/>
  <xsl:variable name="g2:c73-83" as="xs:string*" select="g2:codes(73, 83)"/>
  <xsl:variable name="g2:c75-83" as="xs:string*" select="g2:codes(75, 83)"/>
  <xsl:variable name="g2:c81-83" as="xs:string*" select="g2:codes(81, 83)"/>

  <xsl:function name="g2:kept" as="element()*">
    <xsl:param name="findings" as="element()*"/>
    <xsl:sequence select="$findings[not(@rule = $g2:replaced)]"/>
  </xsl:function>

  <!-- The Zorgaanbieder fields some v2 rules name: code, rol, soort (each when present). -->
  <xsl:function name="g2:code-rol-soort" as="element()*">
    <xsl:param name="z" as="element()?"/>
    <xsl:sequence select="($z/*:Zorgaanbiedercode, $z/*:ZorgaanbiederRol, $z/*:ZorgaanbiederSoort)"/>
  </xsl:function>

  <!-- ============================================================ entry -->

  <xsl:template name="vk:rules">
    <xsl:variable name="top" as="element()*">
      <xsl:for-each select="$g:header">
        <xsl:variable name="v1" as="element()*"><xsl:call-template name="g:header"/></xsl:variable>
        <xsl:sequence select="g2:kept($v1)"/>
        <xsl:call-template name="g2:header"/>
      </xsl:for-each>
      <xsl:for-each select="$vk:root/*:DeclaratieContext">
        <xsl:variable name="v1" as="element()*"><xsl:call-template name="g:context"/></xsl:variable>
        <xsl:sequence select="g2:kept($v1)"/>
        <xsl:call-template name="g2:context"/>
      </xsl:for-each>
      <xsl:for-each select="$vk:root/*:Overzicht">
        <xsl:call-template name="g:overzicht"/>
      </xsl:for-each>
    </xsl:variable>
    <xsl:sequence select="$top"/>
    <xsl:if test="empty($top)">
      <xsl:for-each select="$vk:root/*:Verzekerde">
        <xsl:variable name="v1" as="element()*"><xsl:call-template name="g:verzekerde"/></xsl:variable>
        <xsl:sequence select="g2:kept($v1)"/>
        <xsl:call-template name="g2:verzekerde"/>
      </xsl:for-each>
    </xsl:if>
  </xsl:template>

  <!-- ============================================================ Header, DeclaratieContext -->

  <xsl:template name="g2:header">
    <xsl:if test="$g:berichtcode eq 573 and not($g:rol = ('2', '3', '4', '5', '7'))">
      <xsl:sequence select="g:report('VC004-9263', ., (*:Berichtcode, *:OntvangerRol))"/>
    </xsl:if>
  </xsl:template>

  <xsl:template name="g2:context">
    <xsl:variable name="declarant" as="element()?" select="*:Declarant"/>
    <xsl:if test="g:s($declarant/*:ZorgaanbiederSoort) eq '3' and empty(*:Zorgaanbieder)
        and substring(g:s($declarant/*:Zorgaanbiedercode), 1, 2) = $g2:prefixes-9800">
      <xsl:sequence select="g:report('VC174-9800', ., ($declarant/*:ZorgaanbiederSoort, $declarant/*:Zorgaanbiedercode))"/>
    </xsl:if>
  </xsl:template>

  <!-- ============================================================ Verzekerde -->

  <xsl:template name="g2:verzekerde">
    <xsl:variable name="v" as="element()" select="."/>
    <xsl:variable name="nummer" as="element()?" select="*:Verzekerdennummer"/>
    <xsl:variable name="aanvullend" as="element()?" select="*:AanvullendeVerzekerdegegevens"/>
    <xsl:if test="empty(*:BSN) and not($g2:sov) and empty($nummer)">
      <xsl:sequence select="g:report('VC020-8101', $v, $g:ontvanger)"/>
    </xsl:if>
    <xsl:if test="($g:rol eq '2' or $g2:sov) and empty($aanvullend)">
      <xsl:sequence select="g:report('VC025-9273', $v, ($g:ontvangerrol, $g:ontvanger))"/>
    </xsl:if>
    <xsl:if test="$g:rol ne '2' and not($g2:sov) and exists($aanvullend)">
      <xsl:sequence select="g:report('VC026-9274', $v, ($g:ontvangerrol, $g:ontvanger))"/>
    </xsl:if>
    <xsl:if test="$g2:sov and exists($nummer)">
      <xsl:sequence select="g:report('VC161-9420', $v, ($g:ontvanger, $nummer))"/>
    </xsl:if>
    <xsl:if test="$g:ontvanger-nr ne 7125 and string-length(g:s($nummer)) gt 15">
      <xsl:sequence select="g:report('VC9553-9553', $v, ($g:ontvanger, $nummer))"/>
    </xsl:if>
    <xsl:if test="$g2:sov and empty(*:Nationaliteit)">
      <xsl:sequence select="g:report('VC162-9769', $v, $g:ontvanger)"/>
    </xsl:if>
    <xsl:for-each select="$aanvullend">
      <xsl:if test="$g:rol ne '2' and exists(*:Debiteur)">
        <xsl:sequence select="g:report('VC180-9802', ., $g:ontvangerrol)"/>
      </xsl:if>
      <xsl:for-each select="*:Debiteur">
        <xsl:if test="$g:rol eq '2' and g:s($aanvullend/*:OverlijdensIndicator) eq 'true' and empty(*:SoortRelatie)">
          <xsl:sequence select="g:report('VC028-9276', ., ($g:ontvangerrol, $aanvullend/*:OverlijdensIndicator))"/>
        </xsl:if>
      </xsl:for-each>
    </xsl:for-each>
    <xsl:for-each select="*:Prestatie/*:DebetPrestatie">
      <xsl:call-template name="g2:debet"/>
    </xsl:for-each>
    <xsl:for-each select="*:Prestatie/*:CreditPrestatie">
      <xsl:if test="$g:berichtcode eq 573 and not(g:s(*:PrestatieCodelijstCode) = ('071', $g2:c73-83, '999'))">
        <xsl:sequence select="g:report('VC081-9456', ., ($g:header/*:Berichtcode, *:PrestatieCodelijstCode))"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- ============================================================ DebetPrestatie -->

  <xsl:template name="g2:debet">
    <xsl:variable name="d" as="element()" select="."/>
    <xsl:variable name="pcc" as="element()?" select="*:PrestatieCodelijstCode"/>
    <xsl:variable name="p" as="xs:string" select="g:s($pcc)"/>
    <xsl:variable name="extra" as="element()?" select="*:AanvullendePrestatiegegevens"/>
    <xsl:variable name="info" as="xs:string" select="g:s(*:InformatieCode)"/>
    <xsl:variable name="koppel" as="element()?" select="*:PrestatieKoppelnummer"/>
    <xsl:variable name="ggz-elsewhere" as="xs:boolean" select="$g:ontvanger-nr = (9992, 3356, 9989)"/>

    <xsl:if test="$p = ('071', $g2:c73-80, '082', '083') and empty($extra/*:Zorgtraject)">
      <xsl:sequence select="g:report('VC040-9439', $d, $pcc)"/>
    </xsl:if>
    <xsl:if test="(($p eq '071' and $g:ontvanger-str eq '9992') or $p eq '083') and empty($extra/*:Plaatsingsbesluit)">
      <xsl:sequence select="g:report('VC041-9284', $d, ($pcc, $g:ontvanger))"/>
    </xsl:if>
    <xsl:if test="$g:berichtcode eq 573 and not($p = ('071', $g2:c73-83, '999'))">
      <xsl:sequence select="g:report('VC069-9425', $d, ($g:header/*:Berichtcode, $pcc))"/>
    </xsl:if>
    <xsl:if test="$p = ('079', '082') and empty(*:Verwijzing)">
      <xsl:sequence select="g:report('VC9280-9280', $d, $pcc)"/>
    </xsl:if>
    <xsl:if test="$g:ontvanger-nr eq 7125 and empty($extra/*:InternationaalVerzekeringsbewijs)">
      <xsl:sequence select="g:report('VC9555-9555', $d, $g:ontvanger)"/>
    </xsl:if>
    <xsl:if test="$p = ($g2:c73-80, '082') and count(*:Verwijzing) gt 1">
      <xsl:sequence select="vk:finding('VC9558-9558', $d, $pcc,
          (vk:pairs($pcc), vk:pair('Verwijzing', string(count(*:Verwijzing)))))"/>
    </xsl:if>
    <xsl:if test="$p = $g2:c73-81 and empty(*:Zorgaanbieder[exists(*:Zorgaanbiedercode)
        and g:s(*:ZorgaanbiederSoort) eq '3' and g:s(*:ZorgaanbiederRol) eq '01'])">
      <xsl:sequence select="g:report('VC9559-9559', $d, ($pcc, g2:code-rol-soort(*:Zorgaanbieder[1])))"/>
    </xsl:if>
    <xsl:if test="$p = ('073', '074') and not(*:AanvullendPrestatieKenmerk/*:ApkCodelijstCode/normalize-space() = '004')">
      <xsl:sequence select="g:report('VC9561-9561', $d, $pcc)"/>
    </xsl:if>
    <xsl:if test="$p = ('071', $g2:c73-83) and exists(*:SoortKosten)">
      <xsl:sequence select="g:report('VC147-9575', $d, ($pcc, *:SoortKosten))"/>
    </xsl:if>
    <xsl:if test="$p = ('071', $g2:c73-79, $g2:c81-83) and exists(*:Commentaar)">
      <xsl:sequence select="g:report('VC148-9576', $d, ($pcc, *:Commentaar))"/>
    </xsl:if>
    <xsl:if test="$p eq '080' and $g:rol ne '2' and exists(*:Commentaar)">
      <xsl:sequence select="g:report('VC9576b-9576', $d, ($pcc, $g:ontvangerrol, *:Commentaar))"/>
    </xsl:if>
    <xsl:if test="$p = ('071', $g2:c75-83) and exists(*:AanspraakStartdatum)">
      <xsl:sequence select="g:report('VC150-9578', $d, ($pcc, *:AanspraakStartdatum))"/>
    </xsl:if>
    <xsl:if test="$p = ('071', '079', '083') and exists(*:IndicatieOngeval)">
      <xsl:sequence select="g:report('VC141-9641', $d, ($pcc, *:IndicatieOngeval))"/>
    </xsl:if>
    <xsl:if test="$info = ('02', '03') and empty(key('g2:koppel', g:s($koppel) || '|01'))">
      <xsl:sequence select="g:report('VC9642-9642', $d, ($koppel, *:InformatieCode))"/>
    </xsl:if>
    <xsl:if test="$info = ('02', '03') and exists(key('g2:koppel', g:s($koppel) || '|02'))
        and exists(key('g2:koppel', g:s($koppel) || '|03'))">
      <xsl:sequence select="vk:finding('VC9643-9643', $d, ($koppel, *:InformatieCode),
          (vk:pairs($koppel), vk:pair('InformatieCode', '02'), vk:pair('InformatieCode', '03')))"/>
    </xsl:if>
    <xsl:if test="$info = ('02', '03')
        and not(vk:number(g:s(*:BerekendBedragInclBtw)) eq 0 and vk:number(g:s(*:DeclaratieBedragInclBtw)) eq 0)">
      <xsl:sequence select="g:report('VC9666-9666', $d, (*:InformatieCode, *:BerekendBedragInclBtw, *:DeclaratieBedragInclBtw))"/>
    </xsl:if>
    <xsl:if test="$p = ($g2:c73-83, '999') and exists(*:Waarde)">
      <xsl:sequence select="g:report('VC167-9776', $d, ($pcc, *:Waarde))"/>
    </xsl:if>
    <xsl:if test="$p eq '082' and not(*:AanvullendPrestatieKenmerk/*:ApkCodelijstCode/normalize-space() = '005')">
      <xsl:sequence select="g:report('VC9789-9789', $d, ($pcc, *:AanvullendPrestatieKenmerk[1]/*:ApkCodelijstCode))"/>
    </xsl:if>
    <xsl:if test="$p eq '083' and exists(*:Verwijzing)">
      <xsl:sequence select="g:report('VC175-9803', $d, ($pcc, *:Verwijzing[1]/*:TypeVerwijzingcode))"/>
    </xsl:if>
    <xsl:if test="$p eq '083' and exists(*:Machtigingsnummer)">
      <xsl:sequence select="g:report('VC179-9805', $d, ($pcc, *:Machtigingsnummer))"/>
    </xsl:if>
    <xsl:if test="$p = ($g2:c73-83, '999') and exists(*:LocatiePostcode4)">
      <xsl:sequence select="g:report('VC181-9851', $d, ($pcc, *:LocatiePostcode4))"/>
    </xsl:if>
    <xsl:if test="$p eq '071' and $ggz-elsewhere and exists(*:LocatiePostcode4)">
      <xsl:sequence select="g:report('VC182-9852', $d, ($pcc, $g:ontvanger, *:LocatiePostcode4))"/>
    </xsl:if>
    <xsl:if test="$p eq '071' and not($ggz-elsewhere) and g:num(*:Begindatum) ge 20270101
        and not(vk:number(g:s($g:header/*:Berichtversie)) ge 2 and vk:number(g:s($g:header/*:Berichtsubversie)) ge 1)">
      <xsl:sequence select="g:report('VC183-9853', $d, ($pcc, $g:ontvanger, *:Begindatum,
          $g:header/*:Berichtversie, $g:header/*:Berichtsubversie))"/>
    </xsl:if>

    <xsl:for-each select="*:AanvullendPrestatieKenmerk">
      <xsl:variable name="list" as="element()?" select="*:ApkCodelijstCode"/>
      <xsl:variable name="l" as="xs:string" select="g:s($list)"/>
      <xsl:if test="$p = ('073', '074') and not($l = ('002', '003', '004'))">
        <xsl:sequence select="g:report('VC9562-9562', ., ($pcc, $list))"/>
      </xsl:if>
      <xsl:if test="$p eq '075' and not($l = ('002', '004'))">
        <xsl:sequence select="g:report('VC9563-9563', ., ($pcc, $list))"/>
      </xsl:if>
      <xsl:if test="$p = ('076', '077', '078') and $l ne '003'">
        <xsl:sequence select="g:report('VC9564-9564', ., ($pcc, $list))"/>
      </xsl:if>
      <xsl:if test="$l eq '003' and g:s(*:ApkCode) eq '01' and empty($d/*:Zorgaanbieder[exists(*:Zorgaanbiedercode)
          and g:s(*:ZorgaanbiederRol) eq '02' and g:s(*:ZorgaanbiederSoort) eq '3'])">
        <xsl:sequence select="g:report('VC9556-9556', ., ($list, *:ApkCode, g2:code-rol-soort($d/*:Zorgaanbieder[1])))"/>
      </xsl:if>
      <xsl:if test="$p = ('079', '080', '083')">
        <xsl:sequence select="g:report('VC153-9581', ., $pcc)"/>
      </xsl:if>
    </xsl:for-each>

    <xsl:for-each select="*:Verwijzing">
      <xsl:variable name="type" as="element()?" select="*:TypeVerwijzingcode"/>
      <xsl:variable name="t" as="xs:string" select="g:s($type)"/>
      <xsl:variable name="verwijzer" as="element()?" select="*:Verwijzer"/>
      <xsl:if test="$t = ('01', '02') and empty($verwijzer/*:Zorgaanbiedercode)">
        <xsl:sequence select="g:report('VC107-9481', ., $type)"/>
      </xsl:if>
      <xsl:if test="$t eq '07' and empty($verwijzer/*:ZorgaanbiederSpecificatie)">
        <xsl:sequence select="g:report('VC109-9484', ., $type)"/>
      </xsl:if>
      <xsl:if test="$p = ($g2:c73-80, '082') and not($t = ('01', '07'))">
        <xsl:sequence select="g:report('VC131-9565', ., ($pcc, $type))"/>
      </xsl:if>
      <xsl:if test="$p = $g2:c73-81 and exists($verwijzer) and empty(*:Verwijsdatum)">
        <xsl:sequence select="g:report('VC9566-9566', ., $pcc)"/>
      </xsl:if>
      <xsl:for-each select="$verwijzer">
        <!-- rc9569 compares an absent soort (false) and as a number ('03' is 3), XPath 1.0. -->
        <xsl:if test="$p eq '079' and exists(*:Zorgaanbiedercode) and exists(*:ZorgaanbiederSoort)
            and vk:number(*:ZorgaanbiederSoort) ne 3">
          <xsl:sequence select="g:report('VC9569-9569', ., ($pcc, *:Zorgaanbiedercode, *:ZorgaanbiederSoort))"/>
        </xsl:if>
      </xsl:for-each>
    </xsl:for-each>

    <xsl:for-each select="*:Zorgaanbieder">
      <xsl:variable name="rol" as="element()?" select="*:ZorgaanbiederRol"/>
      <xsl:if test="not($p = ('071', '083')) and exists(*:BeroepZorgverlener)">
        <xsl:sequence select="g:report('VC067-9423', ., ($pcc, *:BeroepZorgverlener))"/>
      </xsl:if>
      <xsl:if test="$p = ('071', '083') and g:s($rol) eq '01' and exists(*:Zorgaanbiedercode)
          and exists(*:ZorgaanbiederSoort) and not(g:s(*:ZorgaanbiederSoort) = ('1', '3'))">
        <xsl:sequence select="g:report('VC104-9478', ., ($pcc, $rol, *:Zorgaanbiedercode, *:ZorgaanbiederSoort))"/>
      </xsl:if>
      <xsl:if test="$p = ('075', '079', '080', '082', '083') and g:s($rol) eq '02'">
        <xsl:sequence select="g:report('VC125-9560', ., ($pcc, $rol))"/>
      </xsl:if>
      <xsl:if test="$p = $g2:c73-83 and exists(*:NaamZorgverlener)">
        <xsl:sequence select="g:report('VC146-9574', ., ($pcc, *:NaamZorgverlener))"/>
      </xsl:if>
      <xsl:if test="$p = ('081', '082', '083') and g:s($rol) ne '01'">
        <xsl:sequence select="g:report('VC169-9788', ., ($pcc, $rol))"/>
      </xsl:if>
    </xsl:for-each>

    <xsl:for-each select="$extra">
      <xsl:if test="not($p = ('071', '083', '999')) and exists(*:Plaatsingsbesluit)">
        <xsl:sequence select="g:report('VC130-9419', ., ($pcc, *:Plaatsingsbesluit/*:PlaatsingsbesluitNummer))"/>
      </xsl:if>
      <xsl:if test="$g:ontvanger-nr ne 7125 and exists(*:InternationaalVerzekeringsbewijs)">
        <xsl:sequence select="g:report('VC9552-9552', ., $g:ontvanger)"/>
      </xsl:if>
      <xsl:if test="$p = $g2:c73-80 and count(*:Diagnose) gt 1">
        <xsl:sequence select="vk:finding('VC9674-9674', ., $pcc,
            (vk:pairs($pcc), vk:pair('Aantal Diagnoses', string(count(*:Diagnose)))))"/>
      </xsl:if>
      <xsl:for-each select="*:Diagnose">
        <xsl:variable name="dcc" as="element()?" select="*:DiagnoseCodelijstCode"/>
        <xsl:if test="$p eq '076' and exists($dcc) and g:s($dcc) ne '025'">
          <xsl:sequence select="g:report('VC9567b-9567', ., ($pcc, $dcc))"/>
        </xsl:if>
        <xsl:if test="$p eq '077' and g:s($dcc) ne '013'">
          <xsl:sequence select="g:report('VC9567c-9567', ., ($pcc, $dcc))"/>
        </xsl:if>
        <xsl:if test="$p eq '078' and g:s($dcc) ne '012'">
          <xsl:sequence select="g:report('VC9567d-9567', ., ($pcc, $dcc))"/>
        </xsl:if>
        <xsl:if test="$p = ('079', '080', '082', '083')">
          <xsl:sequence select="g:report('VC138-9568', ., $pcc)"/>
        </xsl:if>
      </xsl:for-each>
      <xsl:for-each select="*:Zorgtraject">
        <xsl:if test="$p = ('071', $g2:c73-83) and exists(*:ZorgtrajectSubnummer)">
          <xsl:sequence select="g:report('VC145-9573', ., ($pcc, *:ZorgtrajectSubnummer))"/>
        </xsl:if>
      </xsl:for-each>
      <xsl:for-each select="*:InternationaalVerzekeringsbewijs">
        <xsl:if test="exists(*:ZorgverzekeraarsCode) and exists(*:ZorgverzekeraarsNaam)">
          <xsl:sequence select="g:report('VC9554-9554', ., (*:ZorgverzekeraarsCode, *:ZorgverzekeraarsNaam))"/>
        </xsl:if>
      </xsl:for-each>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
