"""The data mart of the Amur region's staffing standard (decree No. 448 of 09.08.2019)."""
