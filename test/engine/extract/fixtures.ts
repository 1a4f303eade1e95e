/** Synthetic documents in the formats and languages Docket meets; written for these tests, not taken from any corpus. */

export const US_INVOICE = `Acme Widgets Inc.
1200 Market Street, Suite 400
San Francisco, CA 94103
EIN: 12-3456789                                          INVOICE

Bill To:                                   Invoice Number:   INV-2024-0042
Globex Corporation                         Invoice Date:     03/04/2024
42 Elm Road                                Due Date:         04/03/2024
Springfield, IL 62704                      PO Number:        PO-7781

Description                     Qty      Unit Price        Amount
Blue widgets                      10          $12.50       $125.00
Red widgets                        4          $20.00        $80.00
Installation service               1         $150.00       $150.00

                                           Subtotal:        $355.00
                                           Sales Tax 8.25%:  $29.29
                                           Total Due:       $384.29
Thank you for your business. Payment terms: Net 30.
`;

export const UK_INVOICE = `Brightwell Consulting Ltd
14 Carnaby Street, London W1F 9PS
VAT Reg No: GB 123 4560 41

INVOICE
Invoice No: BC-1187
Date: 5 February 2024
Payment due: 6 March 2024

Customer: Northwind Traders Ltd, 2 Dock Road, Bristol

Item                                   Quantity    Price      Amount
Strategy workshop (day rate)                  2   £950.00   £1,900.00
Travel expenses                               1   £112.40     £112.40

Net amount                                                  £2,012.40
VAT 20%                                                       £402.48
Total                                                       £2,414.88
`;

export const DE_INVOICE = `Müller & Söhne GmbH · Industriestraße 12 · 70565 Stuttgart

Rechnung
Rechnungsnummer: RE-2023-0815
Rechnungsdatum: 14.11.2023
Kundennummer: 40021
Fällig am: 28.11.2023

Pos.  Menge  Bezeichnung                     Einzelpreis      Gesamt
1     3      Hydraulikpumpe HP-200               1.250,00 €   3.750,00 €
2     10     Dichtungssatz                          12,50 €     125,00 €

Nettobetrag                                                 3.875,00 €
zzgl. MwSt. 19%                                               736,25 €
Gesamtbetrag                                                4.611,25 €

USt-IdNr.: DE123456000   Bankverbindung: IBAN DE89 3704 0044 0532 0130 00
`;

export const FR_INVOICE = `Boulangerie Dupont SARL
12 rue de la Paix, 75002 Paris
N° TVA intracommunautaire : FR 40 303 265 045

Facture n° F-2024-118 du 2 mars 2024
Date d'échéance : 1 avril 2024

Désignation                          Quantité      P.U. HT      Montant HT
Pains de campagne                          40         2,10          84,00
Croissants                                120         0,95         114,00

Total HT :                                                      198,00 €
TVA 5,5% :                                                       10,89 €
Total TTC :                                                     208,89 €
`;

export const NL_INVOICE = `FACTUUR                                                          Van Dijk Installaties B.V.
                                                                 Havenweg 7
                                                                 3011 AB Rotterdam
                                                                 BTW NL001234560B01
Factuurnummer: 2024-0311
Factuurdatum: 11 maart 2024
Vervaldatum: 25 maart 2024

Omschrijving                               Aantal      Prijs        Bedrag
Onderhoud cv-ketel                              1    € 95,00       € 95,00
Vervangen thermostaat                           1   € 149,00      € 149,00

Subtotaal                                                        € 244,00
BTW 21%                                                           € 51,24
Totaal te betalen                                                € 295,24
`;

/** OCR'd Malaysian till receipt: labels and values on separate lines, cash and change after the total. */
export const MY_RECEIPT = `KEDAI RUNCIT SRI MAJU SDN BHD
(123456-X)
NO. 12, JALAN BUNGA RAYA 3,
TAMAN MELATI, 53100 KUALA LUMPUR
GST ID : 000123456789
TAX INVOICE
INVOICE NO : CS00012345
DATE : 15/01/2019 13:45:02
CASHIER : AMIN
MILO 1KG 1 X 18.90 18.90 SR
GARDENIA BREAD 2 X 3.50 7.00 SR
SUBTOTAL : 25.90
GST 6% : 1.55
ROUNDING ADJ : 0.00
TOTAL (RM) : 27.45
CASH : 50.00
CHANGE : 22.55
THANK YOU PLEASE COME AGAIN
`;

/** The same kind of receipt as box transcripts: a block of labels, then the block of values. */
export const MY_RECEIPT_STACKED = `TAN AH KOW
SYARIKAT BESTARI HARDWARE SDN BHD
(998877-K)
LOT 5, JALAN INDUSTRI 2
DATE:
03/02/2018 9:10:11 AM
ITEM
PAINT BRUSH 2"
1
8.00
8.00
TOTAL:
ROUNDING ADJUSTMENT:
8.00
0.00
CASH
CHANGE
10.00
2.00
`;

export const CREDIT_NOTE = `Northwind Supplies Ltd
Unit 3, Riverside Park, Leeds LS1 4AP

CREDIT NOTE
Credit Note No: CN-5531
Date: 18/06/2024
Original invoice: INV-9921

Description                         Qty    Unit price     Amount
Returned damaged chairs               2       (45.00)     (90.00)

Subtotal                                                  (90.00)
VAT 20%                                                   (18.00)
Total credited                                           (108.00)
`;

export const PURCHASE_ORDER = `PURCHASE ORDER
Contoso Manufacturing LLC
500 Industrial Way, Dayton, OH 45402

PO Number: 4500012345
Order Date: June 3, 2024
Vendor: Fabrikam Steel Inc.
Ship To: Contoso Plant 2, Dayton OH

Item                          Qty     Unit Price       Amount
Steel plate 10mm               50        $84.00     $4,200.00
Anchor bolts M12              500         $0.65       $325.00

Subtotal                                            $4,525.00
Tax                                                    $0.00
Total                                               $4,525.00
`;

export const PL_INVOICE = `Faktura VAT nr FV/2024/05/117                        Data wystawienia: 2024-05-20
Sprzedawca: Drukarnia Nowak Sp. z o.o.
NIP: 521-301-72-28
Nabywca: Kowalski Budownictwo
Termin płatności: 2024-06-03

Lp  Nazwa                      Ilość    Cena netto    Wartość netto
1   Ulotki A5                   1000         0,25           250,00

Razem netto: 250,00 zł
VAT 23%: 57,50 zł
Do zapłaty: 307,50 zł
`;
