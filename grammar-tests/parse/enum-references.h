/* Enumerators referring to earlier ones. */
enum refs { A = 5, B, C = A + B, D = C * 2 - 1, E = D / A, F = -C };
enum later { G = E + 1, H = G };
