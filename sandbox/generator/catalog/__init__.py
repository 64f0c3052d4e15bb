"""Static facts the generator draws from: banks, places and names, merchants and billers."""
