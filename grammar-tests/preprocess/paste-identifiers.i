
foobar x1 __ L"str" u8"s"
