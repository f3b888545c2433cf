// filled in by the io work
