/*
 * CQL2 text encoding (OGC 21-065r2, Common Query Language (CQL2) 1.0), written for ANTLR 4 from
 * the standard's BNF: https://schemas.opengis.net/cql2/1.0/cql2.bnf (the same file is kept at
 * github.com/opengeospatial/ogcapi-features, cql2/standard/schema/cql2.bnf; Annex B of 21-065r2).
 * Rule names follow the BNF so that each rule can be checked against it.
 *
 * The whole language is recognised, also the parts this service does not evaluate (temporal and
 * array functions, arithmetic, custom functions, ACCENTI): Cql2TextReader then refuses them by
 * name, so a client learns "not supported" rather than "syntax error".
 *
 * Adaptations to the BNF, each because ANTLR needs it or because the BNF leaves it open:
 * - keywords are case-insensitive (caseInsensitive option); identifiers keep their case;
 * - numbers are lexed unsigned, the sign is a parser token (the BNF's signedNumericLiteral and the
 *   arithmetic unary minus would otherwise be two readings of "-1");
 * - scalarExpression, numericExpression and isNullOperand reach numeric literals, property names
 *   and functions through arithmeticExpression only (one path instead of four ambiguous ones);
 *   isNullOperand leaves out booleanExpression ("a = 1 IS NULL" has two parses);
 * - "<>", "<=", ">=" are single tokens (the BNF allows blanks between "<" and ">");
 * - in a character literal "''" and "\'" are a quote (as in the BNF) and "\\" is one backslash,
 *   which is how QGIS escapes a backslash; any other backslash stays as it is (LIKE's escape);
 * - the Z of "POINT Z" is matched as an identifier and checked by the reader, so that a property
 *   may still be called z;
 * - MULTIPOINT also takes bare positions, MULTIPOINT(1 2, 3 4), as most WKT writers emit it.
 */
grammar Cql2;

options { caseInsensitive = true; }

filter : booleanExpression EOF ;

booleanExpression : booleanTerm (OR booleanTerm)* ;

booleanTerm : booleanFactor (AND booleanFactor)* ;

booleanFactor : NOT? booleanPrimary ;

booleanPrimary
    : predicate
    | function
    | booleanLiteral
    | LP booleanExpression RP
    ;

predicate
    : comparisonPredicate
    | spatialPredicate
    | temporalPredicate
    | arrayPredicate
    ;

comparisonPredicate
    : binaryComparisonPredicate
    | isLikePredicate
    | isBetweenPredicate
    | isInListPredicate
    | isNullPredicate
    ;

binaryComparisonPredicate : scalarExpression comparisonOperator scalarExpression ;

scalarExpression
    : characterClause
    | instantInstance
    | booleanLiteral
    | arithmeticExpression
    ;

comparisonOperator : EQ | NEQ | LT | GT | LTE | GTE ;

isLikePredicate : characterExpression NOT? LIKE patternExpression ;

patternExpression
    : CASEI LP patternExpression RP
    | ACCENTI LP patternExpression RP
    | characterLiteral
    ;

isBetweenPredicate : arithmeticExpression NOT? BETWEEN arithmeticExpression AND arithmeticExpression ;

isInListPredicate : scalarExpression NOT? IN LP inList RP ;

inList : scalarExpression (COMMA scalarExpression)* ;

isNullPredicate : isNullOperand IS NOT? NULL ;

isNullOperand
    : characterClause
    | temporalInstance
    | spatialInstance
    | booleanLiteral
    | arithmeticExpression
    ;

spatialPredicate : spatialFunction LP geomExpression COMMA geomExpression RP ;

spatialFunction
    : S_INTERSECTS | S_EQUALS | S_DISJOINT | S_TOUCHES | S_WITHIN | S_OVERLAPS | S_CROSSES | S_CONTAINS ;

geomExpression : spatialInstance | propertyName | function ;

temporalPredicate : temporalFunction LP temporalExpression COMMA temporalExpression RP ;

temporalExpression : temporalInstance | propertyName | function ;

temporalFunction
    : T_AFTER | T_BEFORE | T_CONTAINS | T_DISJOINT | T_DURING | T_EQUALS | T_FINISHEDBY | T_FINISHES
    | T_INTERSECTS | T_MEETS | T_METBY | T_OVERLAPPEDBY | T_OVERLAPS | T_STARTEDBY | T_STARTS ;

arrayPredicate : arrayFunction LP arrayOperand COMMA arrayOperand RP ;

arrayOperand : arrayExpression | propertyName | function ;

arrayExpression : LP RP | LP arrayElement (COMMA arrayElement)* RP ;

arrayElement
    : characterClause
    | temporalInstance
    | spatialInstance
    | arrayExpression
    | booleanLiteral
    | arithmeticExpression
    ;

arrayFunction : A_EQUALS | A_CONTAINS | A_CONTAINEDBY | A_OVERLAPS ;

arithmeticExpression : arithmeticTerm (arithmeticOperatorPlusMinus arithmeticTerm)* ;

arithmeticOperatorPlusMinus : PLUS | MINUS ;

arithmeticTerm : powerTerm (arithmeticOperatorMultDiv powerTerm)* ;

arithmeticOperatorMultDiv : STAR | SLASH | PERCENT | DIV ;

powerTerm : arithmeticFactor (CARET arithmeticFactor)? ;

arithmeticFactor
    : LP arithmeticExpression RP
    | sign? arithmeticOperand
    ;

arithmeticOperand : NUMBER | propertyName | function ;

propertyName : IDENTIFIER | QUOTED_IDENTIFIER ;

function : IDENTIFIER LP argumentList? RP ;

argumentList : argument (COMMA argument)* ;

argument
    : characterClause
    | temporalInstance
    | spatialInstance
    | arrayExpression
    | arithmeticExpression
    | booleanExpression
    ;

characterExpression : characterClause | propertyName | function ;

characterClause
    : CASEI LP characterExpression RP
    | ACCENTI LP characterExpression RP
    | characterLiteral
    ;

characterLiteral : CHARACTER_LITERAL ;

booleanLiteral : TRUE | FALSE ;

sign : PLUS | MINUS ;

// Geometry literals: WKT as in the BNF, plus BBOX.

spatialInstance : geometryLiteral | geometryCollectionTaggedText | bboxTaggedText ;

geometryLiteral
    : pointTaggedText
    | linestringTaggedText
    | polygonTaggedText
    | multipointTaggedText
    | multilinestringTaggedText
    | multipolygonTaggedText
    ;

pointTaggedText : POINT zFlag? pointText ;

linestringTaggedText : LINESTRING zFlag? lineStringText ;

polygonTaggedText : POLYGON zFlag? polygonText ;

multipointTaggedText : MULTIPOINT zFlag? multiPointText ;

multilinestringTaggedText : MULTILINESTRING zFlag? multiLineStringText ;

multipolygonTaggedText : MULTIPOLYGON zFlag? multiPolygonText ;

geometryCollectionTaggedText : GEOMETRYCOLLECTION zFlag? geometryCollectionText ;

zFlag : IDENTIFIER ;

pointText : LP point RP ;

point : coordinate coordinate coordinate? ;

coordinate : sign? NUMBER ;

lineStringText : LP point (COMMA point)+ RP ;

linearRingText : LP point COMMA point COMMA point COMMA point (COMMA point)* RP ;

polygonText : LP linearRingText (COMMA linearRingText)* RP ;

multiPointText : LP multiPointMember (COMMA multiPointMember)* RP ;

multiPointMember : pointText | point ;

multiLineStringText : LP lineStringText (COMMA lineStringText)* RP ;

multiPolygonText : LP polygonText (COMMA polygonText)* RP ;

geometryCollectionText : LP geometryLiteral (COMMA geometryLiteral)* RP ;

bboxTaggedText : BBOX LP coordinate COMMA coordinate COMMA coordinate COMMA coordinate (COMMA coordinate COMMA coordinate)? RP ;

// Temporal literals: recognised so that they can be compared with each other; no queryable of
// this service is temporal. The format of the string is checked by the reader.

temporalInstance : instantInstance | intervalInstance ;

instantInstance
    : DATE LP characterLiteral RP
    | TIMESTAMP LP characterLiteral RP
    ;

intervalInstance : INTERVAL LP instantParameter COMMA instantParameter RP ;

instantParameter : characterLiteral | propertyName | function ;

// Lexer. Keywords come before IDENTIFIER: on equal length ANTLR takes the first rule.

AND : 'AND' ;
OR : 'OR' ;
NOT : 'NOT' ;
LIKE : 'LIKE' ;
BETWEEN : 'BETWEEN' ;
IN : 'IN' ;
IS : 'IS' ;
NULL : 'NULL' ;
TRUE : 'TRUE' ;
FALSE : 'FALSE' ;
CASEI : 'CASEI' ;
ACCENTI : 'ACCENTI' ;
DIV : 'DIV' ;
DATE : 'DATE' ;
TIMESTAMP : 'TIMESTAMP' ;
INTERVAL : 'INTERVAL' ;
BBOX : 'BBOX' ;
POINT : 'POINT' ;
LINESTRING : 'LINESTRING' ;
POLYGON : 'POLYGON' ;
MULTIPOINT : 'MULTIPOINT' ;
MULTILINESTRING : 'MULTILINESTRING' ;
MULTIPOLYGON : 'MULTIPOLYGON' ;
GEOMETRYCOLLECTION : 'GEOMETRYCOLLECTION' ;

S_INTERSECTS : 'S_INTERSECTS' ;
S_EQUALS : 'S_EQUALS' ;
S_DISJOINT : 'S_DISJOINT' ;
S_TOUCHES : 'S_TOUCHES' ;
S_WITHIN : 'S_WITHIN' ;
S_OVERLAPS : 'S_OVERLAPS' ;
S_CROSSES : 'S_CROSSES' ;
S_CONTAINS : 'S_CONTAINS' ;

T_AFTER : 'T_AFTER' ;
T_BEFORE : 'T_BEFORE' ;
T_CONTAINS : 'T_CONTAINS' ;
T_DISJOINT : 'T_DISJOINT' ;
T_DURING : 'T_DURING' ;
T_EQUALS : 'T_EQUALS' ;
T_FINISHEDBY : 'T_FINISHEDBY' ;
T_FINISHES : 'T_FINISHES' ;
T_INTERSECTS : 'T_INTERSECTS' ;
T_MEETS : 'T_MEETS' ;
T_METBY : 'T_METBY' ;
T_OVERLAPPEDBY : 'T_OVERLAPPEDBY' ;
T_OVERLAPS : 'T_OVERLAPS' ;
T_STARTEDBY : 'T_STARTEDBY' ;
T_STARTS : 'T_STARTS' ;

A_EQUALS : 'A_EQUALS' ;
A_CONTAINS : 'A_CONTAINS' ;
A_CONTAINEDBY : 'A_CONTAINEDBY' ;
A_OVERLAPS : 'A_OVERLAPS' ;

NEQ : '<>' ;
LTE : '<=' ;
GTE : '>=' ;
EQ : '=' ;
LT : '<' ;
GT : '>' ;
LP : '(' ;
RP : ')' ;
COMMA : ',' ;
PLUS : '+' ;
MINUS : '-' ;
STAR : '*' ;
SLASH : '/' ;
PERCENT : '%' ;
CARET : '^' ;

// unsignedNumericLiteral: decimal or scientific
NUMBER : (DIGIT+ ('.' DIGIT*)? | '.' DIGIT+) ('E' [+-]? DIGIT+)? ;

CHARACTER_LITERAL : '\'' ( ~['\\] | '\'\'' | '\\' . )* '\'' ;

IDENTIFIER : IDENTIFIER_START IDENTIFIER_PART* ;

QUOTED_IDENTIFIER : '"' IDENTIFIER_START IDENTIFIER_PART* '"' ;

// The whitespace characters of the BNF.
WS : [ \t\n\u000B\f\r\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+ -> skip ;

// Anything else becomes a token the parser refuses, with its position in the message.
UNEXPECTED : . ;

fragment DIGIT : [0-9] ;

fragment IDENTIFIER_START
    : [:_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFE\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\u{10000}-\u{EFFFF}]
    ;

fragment IDENTIFIER_PART : IDENTIFIER_START | '.' | DIGIT | [\u0300-\u036F] | [\u203F-\u2040] ;
