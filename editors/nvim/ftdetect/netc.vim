" *.net files are netc (.net neural-network) files; for setups that load ftdetect/ from the runtimepath.
autocmd BufRead,BufNewFile *.net setfiletype netc
