/* Enumerators with the conditional, logical, relational and arithmetic operators. */
enum ops {
    T_COND = 1 ? 2 : 3,
    T_NOT = !0,
    T_AND = (3 > 2) && 1,
    T_OR = 0 || 0,
    T_COMPL = ~0,
    T_MOD = 10 % 3,
    T_DIV = 7 / 2,
    T_NEGDIV = -7 / 2,
    T_EQ = (2 == 2) + (2 != 2),
    T_LE = (1 <= 1) << 3,
};
