


ok_undef_zero




ok_chain_zero




ok_keywords_zero
