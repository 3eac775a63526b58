"""Export files from Meta Business Suite and LinkedIn."""
