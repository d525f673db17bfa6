// kg's openCypher grammar. Rule names follow the openCypher specification (oC_*); rules of our own
// are prefixed kG_. Whitespace and comments are skipped in the lexer, so unlike the reference
// grammar no rule mentions SP. Clause order is checked by the binder (better messages than a
// grammar can give), so a single query is simply a sequence of clauses here.
grammar Cypher;

kG_Statements
    : ';'* oC_Cypher ( ';'+ oC_Cypher )* ';'* EOF
    | ';'* EOF
    ;

oC_Cypher
    : kG_QueryOptions? oC_Statement ;

kG_QueryOptions
    : EXPLAIN | PROFILE ;

oC_Statement
    : oC_RegularQuery ;

oC_RegularQuery
    : oC_SingleQuery oC_Union* ;

oC_Union
    : UNION ALL? oC_SingleQuery ;

oC_SingleQuery
    : oC_Clause+ ;

oC_Clause
    : oC_Match
    | oC_Unwind
    | oC_Merge
    | oC_Create
    | oC_Set
    | oC_Delete
    | oC_Remove
    | oC_InQueryCall
    | oC_With
    | oC_Return
    ;

oC_Match
    : OPTIONAL? MATCH oC_Pattern oC_Where? ;

oC_Unwind
    : UNWIND oC_Expression AS oC_Variable ;

oC_Merge
    : MERGE oC_PatternPart oC_MergeAction* ;

oC_MergeAction
    : ON MATCH oC_Set
    | ON CREATE oC_Set
    ;

oC_Create
    : CREATE oC_Pattern ;

oC_Set
    : SET oC_SetItem ( ',' oC_SetItem )* ;

oC_SetItem
    : oC_PropertyExpression '=' oC_Expression
    | oC_Variable '=' oC_Expression
    | oC_Variable '+=' oC_Expression
    | oC_Variable oC_NodeLabels
    ;

oC_Delete
    : DETACH? DELETE oC_Expression ( ',' oC_Expression )* ;

oC_Remove
    : REMOVE oC_RemoveItem ( ',' oC_RemoveItem )* ;

oC_RemoveItem
    : oC_Variable oC_NodeLabels
    | oC_PropertyExpression
    ;

oC_InQueryCall
    : CALL oC_ProcedureName ( '(' ( oC_Expression ( ',' oC_Expression )* )? ')' )?
      ( YIELD ( kG_YieldAll | oC_YieldItems ) )? ;

kG_YieldAll
    : '*' ;

oC_YieldItems
    : oC_YieldItem ( ',' oC_YieldItem )* oC_Where? ;

oC_YieldItem
    : ( oC_ProcedureResultField AS )? oC_Variable ;

oC_ProcedureResultField
    : oC_SymbolicName ;

oC_ProcedureName
    : oC_Namespace oC_SymbolicName ;

oC_Namespace
    : ( oC_SymbolicName '.' )* ;

oC_With
    : WITH oC_ProjectionBody oC_Where? ;

oC_Return
    : RETURN oC_ProjectionBody ;

oC_ProjectionBody
    : DISTINCT? oC_ProjectionItems oC_Order? oC_Skip? oC_Limit? ;

oC_ProjectionItems
    : kG_ProjectAll ( ',' oC_ProjectionItem )*
    | oC_ProjectionItem ( ',' oC_ProjectionItem )*
    ;

kG_ProjectAll
    : '*' ;

oC_ProjectionItem
    : oC_Expression AS oC_Variable
    | oC_Expression
    ;

oC_Order
    : ORDER BY oC_SortItem ( ',' oC_SortItem )* ;

oC_Skip
    : L_SKIP oC_Expression ;

oC_Limit
    : LIMIT oC_Expression ;

oC_SortItem
    : oC_Expression ( ASCENDING | ASC | DESCENDING | DESC )? ;

oC_Where
    : WHERE oC_Expression ;

oC_Pattern
    : oC_PatternPart ( ',' oC_PatternPart )* ;

oC_PatternPart
    : oC_Variable '=' oC_AnonymousPatternPart
    | oC_AnonymousPatternPart
    ;

oC_AnonymousPatternPart
    : oC_ShortestPathPattern
    | oC_PatternElement
    ;

oC_ShortestPathPattern
    : SHORTESTPATH '(' oC_PatternElement ')'
    | ALLSHORTESTPATHS '(' oC_PatternElement ')'
    ;

oC_PatternElement
    : oC_NodePattern oC_PatternElementChain*
    | '(' oC_PatternElement ')'
    ;

oC_RelationshipsPattern
    : oC_NodePattern oC_PatternElementChain+ ;

oC_NodePattern
    : '(' oC_Variable? oC_NodeLabels? oC_Properties? ')' ;

oC_PatternElementChain
    : oC_RelationshipPattern oC_NodePattern ;

oC_RelationshipPattern
    : oC_LeftArrowHead oC_Dash oC_RelationshipDetail? oC_Dash oC_RightArrowHead
    | oC_LeftArrowHead oC_Dash oC_RelationshipDetail? oC_Dash
    | oC_Dash oC_RelationshipDetail? oC_Dash oC_RightArrowHead
    | oC_Dash oC_RelationshipDetail? oC_Dash
    ;

oC_RelationshipDetail
    : '[' oC_Variable? oC_RelationshipTypes? oC_RangeLiteral? oC_Properties? ']' ;

oC_Properties
    : oC_MapLiteral
    | oC_Parameter
    ;

oC_RelationshipTypes
    : ':' oC_RelTypeName ( '|' ':'? oC_RelTypeName )* ;

oC_NodeLabels
    : oC_NodeLabel+ ;

oC_NodeLabel
    : ':' oC_LabelName ;

oC_RangeLiteral
    : '*' oC_IntegerLiteral? ( '..' oC_IntegerLiteral? )? ;

oC_LabelName
    : oC_SchemaName ;

oC_RelTypeName
    : oC_SchemaName ;

oC_PropertyExpression
    : oC_Atom oC_PropertyLookup+ ;

oC_Expression
    : oC_OrExpression ;

oC_OrExpression
    : oC_XorExpression ( OR oC_XorExpression )* ;

oC_XorExpression
    : oC_AndExpression ( XOR oC_AndExpression )* ;

oC_AndExpression
    : oC_NotExpression ( AND oC_NotExpression )* ;

oC_NotExpression
    : NOT* oC_ComparisonExpression ;

oC_ComparisonExpression
    : oC_StringListNullPredicateExpression oC_PartialComparisonExpression* ;

oC_PartialComparisonExpression
    : kG_ComparisonOperator oC_StringListNullPredicateExpression ;

kG_ComparisonOperator
    : '=' | '<>' | '<' | '>' | '<=' | '>=' ;

oC_StringListNullPredicateExpression
    : oC_AddOrSubtractExpression
      ( oC_StringPredicateExpression | oC_ListPredicateExpression | oC_NullPredicateExpression )* ;

oC_StringPredicateExpression
    : kG_StringOperator oC_AddOrSubtractExpression ;

kG_StringOperator
    : STARTS WITH | ENDS WITH | CONTAINS | '=~' ;

oC_ListPredicateExpression
    : IN oC_AddOrSubtractExpression ;

oC_NullPredicateExpression
    : IS NULL_
    | IS NOT NULL_
    ;

oC_AddOrSubtractExpression
    : oC_MultiplyDivideModuloExpression ( kG_AddOperator oC_MultiplyDivideModuloExpression )* ;

kG_AddOperator
    : '+' | '-' ;

oC_MultiplyDivideModuloExpression
    : oC_PowerOfExpression ( kG_MulOperator oC_PowerOfExpression )* ;

kG_MulOperator
    : '*' | '/' | '%' ;

oC_PowerOfExpression
    : oC_UnaryAddOrSubtractExpression ( '^' oC_UnaryAddOrSubtractExpression )* ;

oC_UnaryAddOrSubtractExpression
    : oC_NonArithmeticOperatorExpression
    | kG_AddOperator oC_UnaryAddOrSubtractExpression
    ;

oC_NonArithmeticOperatorExpression
    : oC_Atom ( oC_ListOperatorExpression | oC_PropertyLookup )* oC_NodeLabels? ;

oC_ListOperatorExpression
    : '[' oC_Expression ']'
    | '[' kG_SliceFrom? '..' kG_SliceTo? ']'
    ;

kG_SliceFrom
    : oC_Expression ;

kG_SliceTo
    : oC_Expression ;

oC_PropertyLookup
    : '.' oC_PropertyKeyName ;

oC_Atom
    : kG_Reduce
    | oC_ListComprehension
    | oC_PatternComprehension
    | oC_Literal
    | oC_Parameter
    | oC_CaseExpression
    | kG_CountStar
    | oC_Quantifier
    | oC_PatternPredicate
    | oC_ParenthesizedExpression
    | oC_ExistentialSubquery
    | oC_FunctionInvocation
    | oC_Variable
    ;

kG_CountStar
    : COUNT '(' '*' ')' ;

kG_Reduce
    : REDUCE '(' oC_Variable '=' oC_Expression ',' oC_IdInColl '|' oC_Expression ')' ;

oC_CaseExpression
    : CASE oC_Expression? oC_CaseAlternative+ ( ELSE oC_Expression )? END ;

oC_CaseAlternative
    : WHEN oC_Expression THEN oC_Expression ;

oC_ListComprehension
    : '[' oC_FilterExpression ( '|' oC_Expression )? ']' ;

oC_PatternComprehension
    : '[' ( oC_Variable '=' )? oC_RelationshipsPattern oC_Where? '|' oC_Expression ']' ;

oC_Quantifier
    : ALL '(' oC_FilterExpression ')'
    | ANY '(' oC_FilterExpression ')'
    | NONE '(' oC_FilterExpression ')'
    | SINGLE '(' oC_FilterExpression ')'
    ;

oC_FilterExpression
    : oC_IdInColl oC_Where? ;

oC_IdInColl
    : oC_Variable IN oC_Expression ;

oC_PatternPredicate
    : oC_RelationshipsPattern ;

oC_ParenthesizedExpression
    : '(' oC_Expression ')' ;

oC_ExistentialSubquery
    : EXISTS '{' ( oC_RegularQuery | oC_Pattern oC_Where? ) '}' ;

oC_FunctionInvocation
    : oC_FunctionName '(' DISTINCT? ( oC_Expression ( ',' oC_Expression )* )? ')' ;

oC_FunctionName
    : oC_Namespace oC_SymbolicName
    | EXISTS
    ;

oC_Variable
    : oC_SymbolicName ;

oC_Literal
    : oC_BooleanLiteral
    | NULL_
    | oC_NumberLiteral
    | StringLiteral
    | oC_ListLiteral
    | oC_MapLiteral
    ;

oC_BooleanLiteral
    : TRUE_ | FALSE_ ;

oC_NumberLiteral
    : oC_DoubleLiteral
    | oC_IntegerLiteral
    ;

oC_IntegerLiteral
    : HexInteger | OctalInteger | DecimalInteger ;

oC_DoubleLiteral
    : ExponentDecimalReal | RegularDecimalReal ;

oC_ListLiteral
    : '[' ( oC_Expression ( ',' oC_Expression )* )? ']' ;

oC_MapLiteral
    : '{' ( kG_MapEntry ( ',' kG_MapEntry )* )? '}' ;

kG_MapEntry
    : oC_PropertyKeyName ':' oC_Expression ;

oC_PropertyKeyName
    : oC_SchemaName ;

oC_Parameter
    : '$' ( oC_SymbolicName | DecimalInteger ) ;

oC_SchemaName
    : oC_SymbolicName
    | oC_ReservedWord
    ;

oC_SymbolicName
    : UnescapedSymbolicName
    | EscapedSymbolicName
    | HexLetter
    | COUNT | FILTER | EXTRACT | ANY | NONE | SINGLE | ALL
    | SHORTESTPATH | ALLSHORTESTPATHS | EXPLAIN | PROFILE | YIELD | REDUCE
    ;

oC_LeftArrowHead : '<' ;
oC_RightArrowHead : '>' ;
oC_Dash : '-' ;

oC_ReservedWord
    : ALL | ASC | ASCENDING | BY | CREATE | DELETE | DESC | DESCENDING | DETACH | EXISTS
    | LIMIT | MATCH | MERGE | ON | OPTIONAL | ORDER | REMOVE | RETURN | SET | L_SKIP | WHERE
    | WITH | UNION | UNWIND | AND | AS | CONTAINS | DISTINCT | ENDS | IN | IS | NOT | OR
    | STARTS | XOR | CASE | ELSE | END | THEN | WHEN | NULL_ | TRUE_ | FALSE_ | CALL
    ;

EXPLAIN : E X P L A I N ;
PROFILE : P R O F I L E ;
UNION : U N I O N ;
ALL : A L L ;
OPTIONAL : O P T I O N A L ;
MATCH : M A T C H ;
UNWIND : U N W I N D ;
AS : A S ;
MERGE : M E R G E ;
ON : O N ;
CREATE : C R E A T E ;
SET : S E T ;
DETACH : D E T A C H ;
DELETE : D E L E T E ;
REMOVE : R E M O V E ;
CALL : C A L L ;
YIELD : Y I E L D ;
WITH : W I T H ;
RETURN : R E T U R N ;
DISTINCT : D I S T I N C T ;
ORDER : O R D E R ;
BY : B Y ;
L_SKIP : S K I P ;
LIMIT : L I M I T ;
ASCENDING : A S C E N D I N G ;
ASC : A S C ;
DESCENDING : D E S C E N D I N G ;
DESC : D E S C ;
WHERE : W H E R E ;
SHORTESTPATH : S H O R T E S T P A T H ;
ALLSHORTESTPATHS : A L L S H O R T E S T P A T H S ;
OR : O R ;
XOR : X O R ;
AND : A N D ;
NOT : N O T ;
IN : I N ;
STARTS : S T A R T S ;
ENDS : E N D S ;
CONTAINS : C O N T A I N S ;
IS : I S ;
NULL_ : N U L L ;
COUNT : C O U N T ;
ANY : A N Y ;
NONE : N O N E ;
SINGLE : S I N G L E ;
TRUE_ : T R U E ;
FALSE_ : F A L S E ;
EXISTS : E X I S T S ;
CASE : C A S E ;
ELSE : E L S E ;
END : E N D ;
WHEN : W H E N ;
THEN : T H E N ;
FILTER : F I L T E R ;
EXTRACT : E X T R A C T ;
REDUCE : R E D U C E ;

StringLiteral
    : '"' ( ~["\\] | EscapedChar )* '"'
    | '\'' ( ~['\\] | EscapedChar )* '\''
    ;

// Any backslash escape is lexed; the AST builder checks it (e.g. \u needs four hex digits) so
// that a bad escape is reported as such rather than as an unterminated string.
EscapedChar
    : '\\' ~[\r\n] ;

HexInteger : '0x' HexDigit+ ;
OctalInteger : '0o' OctDigit+ ;
DecimalInteger : ZeroDigit | NonZeroDigit Digit* ;

HexLetter : A | B | C | D | E | F ;

ExponentDecimalReal
    : ( Digit+ | ( Digit+ '.' Digit+ ) | ( '.' Digit+ ) ) E '-'? Digit+ ;

RegularDecimalReal
    : Digit* '.' Digit+ ;

UnescapedSymbolicName
    : IdentifierStart IdentifierPart* ;

EscapedSymbolicName
    : ( '`' ~'`'* '`' )+ ;

WHITESPACE
    : [ \t\n\r\u000B\u000C\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+ -> skip ;

Comment
    : ( '/*' .*? '*/' | '//' ~[\r\n]* ) -> skip ;

Unknown : . ;

fragment IdentifierStart : [a-zA-Z_] | [\u00AA-\uFFFE] ;
fragment IdentifierPart : [a-zA-Z0-9_$] | [\u00AA-\uFFFE] ;
fragment Digit : ZeroDigit | NonZeroDigit ;
fragment ZeroDigit : '0' ;
fragment NonZeroDigit : [1-9] ;
fragment OctDigit : [0-7] ;
fragment HexDigit : [0-9a-fA-F] ;

fragment A : [aA] ;
fragment B : [bB] ;
fragment C : [cC] ;
fragment D : [dD] ;
fragment E : [eE] ;
fragment F : [fF] ;
fragment G : [gG] ;
fragment H : [hH] ;
fragment I : [iI] ;
fragment K : [kK] ;
fragment L : [lL] ;
fragment M : [mM] ;
fragment N : [nN] ;
fragment O : [oO] ;
fragment P : [pP] ;
fragment R : [rR] ;
fragment S : [sS] ;
fragment T : [tT] ;
fragment U : [uU] ;
fragment V : [vV] ;
fragment W : [wW] ;
fragment X : [xX] ;
fragment Y : [yY] ;
