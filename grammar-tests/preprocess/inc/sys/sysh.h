int in_system_header;
